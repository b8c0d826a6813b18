#include "report/report_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace benchtool {
namespace {

int verdict_order(Verdict v) {
  switch (v) {
    case Verdict::kRegressed:
      return 0;
    case Verdict::kInconclusive:
      return 1;
    case Verdict::kUnchanged:
      return 2;
    case Verdict::kImproved:
      return 3;
    case Verdict::kNew:
      return 4;
    case Verdict::kRemoved:
      return 5;
    case Verdict::kErrored:
      return 6;
  }
  return 7;
}

}  // namespace

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

const ComplexityFit* RunData::fit_for(std::string_view family,
                                      std::int64_t family_index) const {
  const ComplexityFit* first = nullptr;
  for (const auto& f : fits) {
    if (f.family != family) continue;
    if (f.family_index == family_index) return &f;
    if (!first) first = &f;
  }
  // Files without family_index (or a single fit) match by name.
  return family_index < 0 ? first : nullptr;
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

std::vector<const MetricComparison*> ordered_changes(
    const Comparison& comparison) {
  const std::string metric = comparison.options.metrics.empty()
                                 ? "real_time"
                                 : comparison.options.metrics.front();
  std::vector<const MetricComparison*> rows;
  for (const auto& e : comparison.entries) {
    if (e.metric == metric) rows.push_back(&e);
  }
  auto worse = [](const MetricComparison* e) -> double {
    if (!e->change || !std::isfinite(*e->change)) return -INFINITY;
    return *e->change *
           (e->direction == Direction::kHigherIsBetter ? -1.0 : 1.0);
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const MetricComparison* a, const MetricComparison* b) {
                     const int oa = verdict_order(a->verdict),
                               ob = verdict_order(b->verdict);
                     if (oa != ob) return oa < ob;
                     return worse(a) > worse(b);
                   });
  return rows;
}

}  // namespace benchtool
