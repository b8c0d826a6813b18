#include "marketbench/recommend/recommendation.hpp"

namespace marketbench::recommend {

std::string_view skip_reason_name(SkipReason reason) {
  switch (reason) {
    case SkipReason::kInsufficientHistory:
      return "insufficient_history";
    case SkipReason::kInvalidData:
      return "invalid_data";
  }
  return "unknown";
}

}  // namespace marketbench::recommend
