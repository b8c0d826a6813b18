#include "marketbench/pipeline/pipeline_report.hpp"

#include <numeric>

namespace marketbench::pipeline {

std::string_view stage_name(Stage stage) {
  switch (stage) {
    case Stage::kFetch:
      return "fetch";
    case Stage::kRecommend:
      return "recommend";
    case Stage::kInfer:
      return "infer";
    case Stage::kPersist:
      return "persist";
    case Stage::kCache:
      return "cache";
  }
  return "unknown";
}

std::string_view failure_reason_name(FailureReason reason) {
  switch (reason) {
    case FailureReason::kTimeout:
      return "timeout";
    case FailureReason::kServerError:
      return "server_error";
    case FailureReason::kPartialResponse:
      return "partial_response";
    case FailureReason::kInsufficientHistory:
      return "insufficient_history";
    case FailureReason::kInvalidData:
      return "invalid_data";
    case FailureReason::kPersistFailed:
      return "persist_failed";
  }
  return "unknown";
}

double PipelineReport::error_rate() const {
  return stocks == 0
             ? 0.0
             : static_cast<double>(failed()) / static_cast<double>(stocks);
}

std::int64_t PipelineReport::wall_ns() const {
  std::int64_t total = 0;
  for (const StageReport& s : stages) total += s.wall_ns;
  return total;
}

bool PipelineReport::balanced() const {
  const std::size_t by_reason = std::accumulate(
      failures_by_reason.begin(), failures_by_reason.end(), std::size_t{0});
  return stocks == succeeded + failures.size() && by_reason == failures.size();
}

}  // namespace marketbench::pipeline
