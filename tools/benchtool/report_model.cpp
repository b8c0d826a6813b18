#include "report_model.hpp"

#include <algorithm>
#include <limits>

namespace benchtool {

const MetricSummary* BenchmarkResult::metric(
    std::string_view metric_name) const {
  if (metric_name == "real_time") return &real_time;
  if (metric_name == "cpu_time") return &cpu_time;
  for (const auto& c : counters) {
    if (c.name == metric_name) return &c;
  }
  return nullptr;
}

const BenchmarkResult* RunData::find(std::string_view name) const {
  for (const auto& b : benchmarks) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

const ComplexityFit* RunData::fit(std::string_view family) const {
  for (const auto& f : fits) {
    if (f.family == family) return &f;
  }
  return nullptr;
}

int RunData::min_repetitions() const {
  int n = std::numeric_limits<int>::max();
  for (const auto& b : benchmarks) {
    if (b.status == RunStatus::kOk) n = std::min(n, b.repetitions());
  }
  return n == std::numeric_limits<int>::max() ? 0 : n;
}

const char* to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kOk:
      return "ok";
    case RunStatus::kErrored:
      return "errored";
    case RunStatus::kSkipped:
      return "skipped";
  }
  return "?";
}

}  // namespace benchtool
