#pragma once
// Statistical comparison of two results files (docs/CI.md, "Verdicts"): per
// benchmark and metric, each side's summary, the relative change of the
// medians, a two-sided Mann-Whitney U p-value, a Hodges-Lehmann estimate with
// its interval, the minimal detectable effect and a verdict with its reason.
// The statistical unit is the run (the median of one process's repetitions)
// when both files carry `benchtool_run` ids (`ab` and `calibrate` output), else
// each repetition (pooled, as compare.py). Nothing is dropped silently: every
// benchmark of either file gets an entry per metric it has (an errored or
// skipped one a single entry, under the first metric), and what could not be
// compared says why.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/metric.hpp"
#include "io/results.hpp"
#include "stats/budgets.hpp"
#include "stats/stats.hpp"

namespace benchtool {

enum class Verdict {
  kRegressed,
  kImproved,
  kUnchanged,
  kInconclusive,
  kNew,
  kRemoved,
  kErrored
};
inline constexpr Verdict kAllVerdicts[] = {
    Verdict::kRegressed,    Verdict::kImproved, Verdict::kUnchanged,
    Verdict::kInconclusive, Verdict::kNew,      Verdict::kRemoved,
    Verdict::kErrored};
std::string_view to_string(Verdict verdict);  // "regressed", ...
std::optional<Verdict> parse_verdict(std::string_view text);

// What one value of a comparison stands for: a repetition (files without run
// ids) or a run.
enum class SampleUnit { kRepetitions, kRuns };
std::string_view to_string(SampleUnit unit);  // "repetitions", "runs"

struct CompareOptions {
  // "real_time", "cpu_time" or a counter.
  std::vector<std::string> metrics{"real_time"};
  double threshold = 0.05;                // relative change of the medians
  double alpha = 0.05;                    // significance level of the U test
  std::vector<ThresholdRule> thresholds;  // first match wins
  std::vector<std::pair<std::string, Direction>> directions;  // overrides
  double mhz_tolerance = 0.05;  // relative mhz_per_cpu difference tolerated
  // Holm-Bonferroni adjustment of the p-values over every tested benchmark
  // and metric: with ~100 benchmarks, alpha per test would flag a few by
  // chance in every run. On by default in `ab`, opt-in in `compare`.
  bool holm = false;
  double power = 0.95;  // at which the minimal detectable effect is stated
};

struct MetricComparison {
  std::string name;    // run_name
  std::string metric;  // "real_time", "cpu_time" or a counter name
  Direction direction = Direction::kUnknown;
  double threshold = 0;
  std::optional<Summary> base, next;  // absent: no benchmark or no values
  std::optional<double> change;       // of the medians, compare.py's formula
  std::optional<double> p_value;      // when both sides have >= 2 values
  std::optional<double> adjusted_p;   // under --p-adjust holm
  SampleUnit unit = SampleUnit::kRepetitions;
  // new/base - 1 from the Hodges-Lehmann shift of log values, with its
  // (1 - alpha) distribution-free interval.
  std::optional<double> estimate, interval_low, interval_high;
  // The interval at the level of the test (alpha / tests under Holm): an
  // `unchanged` verdict claims no change beyond the threshold, at the same
  // level as a `regressed` one (docs/CI.md).
  std::optional<double> claim_low, claim_high;
  // Standard deviation of the log values about each side's mean (the
  // between-run spread in run mode).
  std::optional<double> spread;
  // Minimal detectable effect at `power` and the level of the test; infinite
  // when the sample sizes cannot reach it at all.
  std::optional<double> mde;
  Verdict verdict = Verdict::kInconclusive;
  std::string reason;  // why this verdict, one sentence
};

// A context key whose value differs between the two files (num_cpus,
// mhz_per_cpu, build type, compiler, flags): timings from different setups are
// not comparable.
struct ContextMismatch {
  std::string key, base_value, new_value;
};

// Per metric, the geometric mean of new median / base median over the
// benchmarks with positive medians on both sides.
struct GeometricMean {
  std::string metric;
  double ratio = 1;
  std::size_t count = 0;
};

struct Comparison {
  std::string base_path, new_path;
  Context base_context, new_context;
  CompareOptions options;
  std::vector<MetricComparison> entries;  // base order, then only in NEW
  std::vector<ContextMismatch> context_mismatches;
  std::vector<GeometricMean> geomeans;  // one per metric
  // Per metric, the benchmarks that have none of it on either side: counted,
  // not listed, so `--metric hit_rate` does not bury the table in non-cache
  // benchmarks.
  std::vector<std::pair<std::string, std::size_t>> lacking_metric;
  std::vector<std::string> notes;  // anything else left out, one sentence each

  std::size_t count(Verdict verdict) const;
};

// Throws InputError when a requested metric exists in neither file (a typo,
// most likely).
Comparison compare(const Results& base, const Results& next,
                   const CompareOptions& options);

// An override from the options, else the naming rule.
Direction metric_direction(const CompareOptions& options,
                           std::string_view metric);

// The level a test is held to: alpha / tests under Holm (its first, strictest
// step), alpha without it (tests == 0).
double test_level(const CompareOptions& options, std::size_t tests);

// compare()'s last step (verdict.cpp), for an entry with both sides present, a
// known direction and at least 2 values a side; `tests`: the number of p-values
// Holm adjusted (0 without it). `e.reason` holds the sides' notes, which end
// the reason.
void decide(MetricComparison& e, const CompareOptions& options,
            std::size_t tests);

}  // namespace benchtool
