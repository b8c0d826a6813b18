#include "marketbench/recommend/recommendation.hpp"

#include "core/enum_names.hpp"

namespace marketbench::recommend {

std::string_view skip_reason_name(SkipReason reason) {
  static constexpr auto kNames = core::enum_names<SkipReason>(
      {{SkipReason::kInsufficientHistory, "insufficient_history"},
       {SkipReason::kInvalidData, "invalid_data"}});
  return kNames(reason);
}

}  // namespace marketbench::recommend
