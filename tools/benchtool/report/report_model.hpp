#pragma once
// What the report, the Markdown summary and the exporters draw from: one run
// summarised per benchmark (medians over repetitions), its context, the
// Big-O fits, and optionally a comparison and a history. Filled from the
// results loader (report_input.hpp); the writers never read JSON. The run
// context is the loader's Context and the comparison is compare()'s own.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/results.hpp"
#include "report/chart_rules.hpp"
#include "stats/compare.hpp"

namespace benchtool {

struct MetricSummary {
  std::string name;             // "real_time", "cpu_time" or a counter name
  std::vector<double> samples;  // one per repetition; times in ns
  double median = 0;
  double min = 0;
  double max = 0;
};

enum class RunStatus { kOk, kErrored, kSkipped };

struct BenchmarkResult {
  std::string name;  // run_name
  RunStatus status = RunStatus::kOk;
  std::string message;  // error or skip message
  int threads = 1;
  std::int64_t family_index = -1;  // Google Benchmark's, -1 when absent
  double iterations = 0;           // median over repetitions
  // The file had only aggregate rows (--benchmark_report_aggregates_only):
  // the one sample is the median row, standing for this many repetitions.
  int aggregated_repetitions = 0;
  MetricSummary real_time;
  MetricSummary cpu_time;
  std::vector<MetricSummary> counters;  // sorted by name

  int repetitions() const { return static_cast<int>(real_time.samples.size()); }
  // real_time, cpu_time or a counter; nullptr when absent.
  const MetricSummary* metric(std::string_view metric_name) const;
};

// A Big-O fit Google Benchmark wrote for a family ("<family>_BigO" / "_RMS").
// A name can carry several fits: registering one family per fixed argument
// (bench_market's BM_BulkPriceQuery, one per batch size) gives each its own
// family_index and BigO/RMS pair under the same name.
struct ComplexityFit {
  std::string family;
  std::int64_t family_index = -1;
  std::string label;  // the rows' label, e.g. "batch:1", when there is one
  std::string big_o;  // "N", "lgN", "NlgN", "N^2", "N^3", "(1)", "f(N)"
  double real_coefficient_ns = 0;
  double cpu_coefficient_ns = 0;
  std::optional<double> rms;  // relative, 0.03 = 3 %
};

struct RunData {
  std::string source;  // the file it came from
  Context context;
  std::vector<BenchmarkResult> benchmarks;  // in file order
  std::vector<ComplexityFit> fits;

  const BenchmarkResult* find(std::string_view name) const;
  // The first fit of a family name; fit_for() picks by family_index when the
  // name has several.
  const ComplexityFit* fit(std::string_view family) const;
  const ComplexityFit* fit_for(std::string_view family,
                               std::int64_t family_index) const;
  int min_repetitions() const;  // over the benchmarks that ran
};

struct HistoryRun {
  RunData run;
  std::set<std::string>
      regressed;  // benchmarks compare called regressed vs the previous run
};

struct ReportInput {
  RunData current;
  std::optional<RunData> baseline;
  std::optional<Comparison> comparison;  // compare(baseline, current)
  std::vector<HistoryRun> history;  // oldest first, ending with the current run
  ChartRules charts;                // what the scaling charts plot (--charts)
};

const char* to_string(RunStatus status);

// The comparison entries on compare's gating metric, in the report's order:
// regressed (worst first), inconclusive, unchanged, improved, then new,
// removed and errored.
std::vector<const MetricComparison*> ordered_changes(
    const Comparison& comparison);

}  // namespace benchtool
