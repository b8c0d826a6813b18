#pragma once
// Statistical comparison of two results files: per benchmark and metric,
// summary statistics of each side, the relative change of the medians, a
// two-sided Mann-Whitney U p-value, a Hodges-Lehmann estimate with its
// interval, the minimal detectable effect and a verdict with its reason.
// The statistical unit is the run (one value per benchmark per process: the
// median of its repetitions) when both files carry `benchtool_run` ids (`ab`
// and `calibrate` output), else each repetition (pooled, as compare.py).
// Nothing is dropped silently: every benchmark of either file gets an entry per
// metric it has, and what could not be compared says why.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/metric.hpp"
#include "io/results.hpp"
#include "stats/rules.hpp"
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

// "regressed", "improved", "unchanged", "inconclusive", "new", "removed",
// "errored".
std::string_view to_string(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view text);

// What one value of a comparison stands for.
enum class SampleUnit {
  kRepetitions,  // every repetition a sample: files without run ids
  kRuns,         // one value per run: the median of that run's repetitions
};
std::string_view to_string(SampleUnit unit);  // "repetitions", "runs"

struct CompareOptions {
  // "real_time", "cpu_time" or a counter.
  std::vector<std::string> metrics{"real_time"};
  double threshold = 0.05;                // relative change of the medians
  double alpha = 0.05;                    // significance level of the U test
  std::vector<ThresholdRule> thresholds;  // first match wins
  std::vector<std::pair<std::string, Direction>> directions;  // overrides
  // Relative mhz_per_cpu difference tolerated without a warning.
  double mhz_tolerance = 0.05;
  // Holm-Bonferroni adjustment of the p-values over every tested benchmark
  // and metric: with ~100 benchmarks, alpha per test would flag a few by
  // chance in every run. On by default in `ab`, opt-in in `compare`.
  bool holm = false;
  // Power at which the minimal detectable effect is stated.
  double power = 0.95;
};

struct MetricComparison {
  std::string name;    // run_name
  std::string metric;  // "real_time", "cpu_time" or a counter name
  Direction direction = Direction::kUnknown;
  double threshold = 0;
  // Absent when the side lacks the benchmark or has no values; next: NEW.
  std::optional<Summary> base, next;
  // Relative change of the medians, compare.py's formula.
  std::optional<double> change;
  // Two-sided Mann-Whitney U, when both sides have >= 2 values.
  std::optional<double> p_value;
  std::optional<double> adjusted_p;  // Holm-adjusted, under --p-adjust holm
  SampleUnit unit = SampleUnit::kRepetitions;
  // Relative change new/base - 1 from the Hodges-Lehmann shift of log values,
  // with its (1 - alpha) distribution-free interval.
  std::optional<double> estimate, interval_low, interval_high;
  // The interval at the level of the test (alpha / tests under Holm): an
  // `unchanged` verdict claims no change beyond the threshold, and that claim
  // is made at the same level as a `regressed` one (docs/CI.md). Equal to the
  // interval above without Holm.
  std::optional<double> claim_low, claim_high;
  // Standard deviation of the log values about each side's mean (the
  // between-run spread in run mode).
  std::optional<double> spread;
  // Minimal detectable effect: the relative change found with probability
  // `power` at the significance level used (alpha / tests under Holm);
  // infinite when the sample sizes cannot reach it at all.
  std::optional<double> mde;
  Verdict verdict = Verdict::kInconclusive;
  std::string reason;  // why this verdict, one sentence
};
// An errored or skipped benchmark has no metric to compare: it gets one entry,
// under the first requested metric, rather than one per metric.

// A context key whose value differs between the two files (num_cpus,
// mhz_per_cpu, build type, compiler, flags): timings from different setups are
// not comparable.
struct ContextMismatch {
  std::string key, base_value, new_value;
};

// Geometric mean over the benchmarks compared of new median / base median, per
// metric; only benchmarks with positive medians on both sides count.
struct GeometricMean {
  std::string metric;
  double ratio = 1;
  std::size_t count = 0;
};

struct Comparison {
  std::string base_path, new_path;
  Context base_context, new_context;
  CompareOptions options;
  // Base file order, then benchmarks only in NEW.
  std::vector<MetricComparison> entries;
  std::vector<ContextMismatch> context_mismatches;
  std::vector<GeometricMean> geomeans;  // one per metric
  // Benchmarks that have none of a requested metric on either side, per metric:
  // counted here rather than listed, so `--metric hit_rate` does not bury the
  // table in non-cache benchmarks.
  std::vector<std::pair<std::string, std::size_t>> lacking_metric;
  // Anything else left out, one sentence each (complexity fits, for instance).
  std::vector<std::string> notes;

  std::size_t count(Verdict verdict) const;
};

// Throws InputError when a requested metric exists in neither file (a typo,
// most likely).
Comparison compare(const Results& base, const Results& next,
                   const CompareOptions& options);

// The direction used for `metric`: an override from the options, else the
// naming rule.
Direction metric_direction(const CompareOptions& options,
                           std::string_view metric);

// The significance level a test is held to: alpha / tests under Holm (its
// first, strictest step), alpha without it (tests == 0).
double test_level(const CompareOptions& options, std::size_t tests);

// compare()'s second step (verdict.cpp), for an entry with both sides present,
// a known direction and at least 2 values a side: the verdict by the rules of
// docs/CI.md ("Verdicts"); `tests` is the number of p-values the Holm
// adjustment ran over (0 without it). `e.reason` holds the sides' notes, which
// end the reason.
void decide(MetricComparison& e, const CompareOptions& options,
            std::size_t tests);

}  // namespace benchtool
