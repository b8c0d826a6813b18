// Reading a run and a comparison the way the report shows them.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/report.hpp"
#include "stats/stats.hpp"

namespace benchtool {
namespace {

bool listed(const Results& run, const Benchmark& b) {
  return !b.samples.empty() || find_aggregate(run, b, "median");
}

}  // namespace

std::vector<const Benchmark*> listed_benchmarks(const Results& run) {
  std::vector<const Benchmark*> out;
  for (const Benchmark& b : run.benchmarks) {
    if (listed(run, b)) out.push_back(&b);
  }
  return out;
}

const Benchmark* find_listed(const Results& run, std::string_view name) {
  const Benchmark* b = run.find(name);
  return b && listed(run, *b) ? b : nullptr;
}

const char* to_string(RunStatus status) {
  static constexpr const char* kNames[] = {"ok", "errored", "skipped"};
  return kNames[static_cast<int>(status)];
}

RunStatus run_status(const Results& run, const Benchmark& b,
                     std::string* message) {
  std::string text;
  RunStatus status = RunStatus::kOk;
  if (const Row* e = first_errored_sample(run, b)) {
    status = RunStatus::kErrored;
    text = e->error_message;
  } else if (!b.samples.empty() &&
             std::all_of(b.samples.begin(), b.samples.end(),
                         [&](std::size_t i) { return run.rows[i].skipped; })) {
    status = RunStatus::kSkipped;
    text = run.rows[b.samples.front()].skip_message;
  }
  if (message) *message = std::move(text);
  return status;
}

std::optional<MetricStats> metric_stats(const Results& run, const Benchmark& b,
                                        std::string_view metric) {
  const std::vector<double> values = benchmark_samples(run, b, metric).values;
  // iterations is a field of a row, not a counter: the tables print it apart.
  if (metric != "real_time" && metric != "cpu_time" &&
      (values.empty() || metric == "iterations"))
    return std::nullopt;
  MetricStats m;
  m.count = values.size();
  std::vector<double> finite;
  std::copy_if(values.begin(), values.end(), std::back_inserter(finite),
               [](double v) { return std::isfinite(v); });
  if (finite.empty()) {
    m.median = m.min = m.max = m.stddev = NAN;
    return m;
  }
  const Summary s = summarize(finite);
  m.median = s.median;
  m.min = s.min;
  m.max = s.max;
  m.stddev = s.stddev;
  return m;
}

double median_of(const Results& run, const Benchmark& b,
                 std::string_view metric) {
  const auto m = metric_stats(run, b, metric);
  return m ? m->median : NAN;
}

std::vector<std::string> counter_names(const Results& run, const Benchmark& b) {
  std::set<std::string> names;
  for (std::size_t i : b.samples) {
    const Row& row = run.rows[i];
    if (row.error_occurred || row.skipped) continue;
    for (const auto& c : row.counters) names.insert(c.first);
  }
  if (b.samples.empty()) {
    if (const Row* median_row = find_aggregate(run, b, "median"))
      for (const auto& c : median_row->counters) names.insert(c.first);
  }
  return {names.begin(), names.end()};
}

std::string repetitions_text(const Results& run, const Benchmark& b) {
  const Row* median_row =
      b.samples.empty() ? find_aggregate(run, b, "median") : nullptr;
  if (median_row && median_row->repetitions > 0)
    return fmt::format("{} (aggregates only)", median_row->repetitions);
  return std::to_string(metric_stats(run, b, "real_time")->count);
}

std::size_t min_repetitions(const Results& run) {
  std::size_t n = std::numeric_limits<std::size_t>::max();
  for (const Benchmark* b : listed_benchmarks(run)) {
    if (run_status(run, *b) == RunStatus::kOk)
      n = std::min(n, metric_stats(run, *b, "real_time")->count);
  }
  return n == std::numeric_limits<std::size_t>::max() ? 0 : n;
}

std::string gate_metric(const Comparison& comparison) {
  return comparison.options.metrics.empty()
             ? "real_time"
             : comparison.options.metrics.front();
}

std::vector<const MetricComparison*> ordered_changes(
    const Comparison& comparison) {
  static constexpr Verdict kOrder[] = {
      Verdict::kRegressed, Verdict::kInconclusive, Verdict::kUnchanged,
      Verdict::kImproved,  Verdict::kNew,          Verdict::kRemoved,
      Verdict::kErrored};
  const auto rank = [](Verdict v) {
    return std::find(std::begin(kOrder), std::end(kOrder), v) -
           std::begin(kOrder);
  };
  // How much worse: the change signed so that larger is worse.
  const auto worse = [](const MetricComparison* e) -> double {
    if (!e->change || !std::isfinite(*e->change))
      return -std::numeric_limits<double>::infinity();
    return *e->change *
           (e->direction == Direction::kHigherIsBetter ? -1.0 : 1.0);
  };
  const std::string metric = gate_metric(comparison);
  std::vector<const MetricComparison*> rows;
  for (const auto& e : comparison.entries) {
    if (e.metric == metric) rows.push_back(&e);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const MetricComparison* a, const MetricComparison* b) {
                     if (rank(a->verdict) != rank(b->verdict))
                       return rank(a->verdict) < rank(b->verdict);
                     return worse(a) > worse(b);
                   });
  return rows;
}

}  // namespace benchtool
