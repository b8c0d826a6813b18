#include "marketbench/pipeline/pipeline_report.hpp"

#include <numeric>

#include "core/enum_names.hpp"

namespace marketbench::pipeline {

std::string_view stage_name(Stage stage) {
  static constexpr auto kNames =
      core::enum_names<Stage>({{Stage::kFetch, "fetch"},
                               {Stage::kRecommend, "recommend"},
                               {Stage::kInfer, "infer"},
                               {Stage::kPersist, "persist"},
                               {Stage::kCache, "cache"}});
  return kNames(stage);
}

std::string_view failure_reason_name(FailureReason reason) {
  static constexpr auto kNames = core::enum_names<FailureReason>(
      {{FailureReason::kTimeout, "timeout"},
       {FailureReason::kServerError, "server_error"},
       {FailureReason::kPartialResponse, "partial_response"},
       {FailureReason::kInsufficientHistory, "insufficient_history"},
       {FailureReason::kInvalidData, "invalid_data"},
       {FailureReason::kPersistFailed, "persist_failed"}});
  return kNames(reason);
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
