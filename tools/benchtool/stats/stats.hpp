#pragma once
// The statistics of benchtool (docs/CI.md, "Verdicts"): Google Benchmark's
// summaries, quantiles, SciPy's Mann-Whitney U test and the effect sizes of
// `compare` (run mode) and `calibrate`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace benchtool {

// Sample stddev and cv = stddev / mean, both 0 for one sample.
struct Summary {
  std::size_t n = 0;
  double median = 0, mean = 0, stddev = 0, cv = 0, min = 0, max = 0;
};

// Both throw std::invalid_argument for an empty span.
Summary summarize(std::span<const double> values);
double median(std::span<const double> values);

// compare.py's formula: (new - old) / |old|; when old is 0, (new - old) /
// ((old + new) / 2); both 0: 0.
double relative_change(double old_value, double new_value);

// The p-quantile of the standard normal distribution, 0 < p < 1 (Acklam's
// rational approximation refined by one Halley step: ~1e-15 relative error).
double normal_quantile(double p);

// The p-quantile of Student's t with `df` >= 1 degrees of freedom: exact for 1
// and 2, else the Cornish-Fisher expansion of Abramowitz & Stegun 26.7.5
// (within 0.01 from df = 5 on, within 1e-4 from df = 10 on).
double student_t_quantile(double p, double df);

// SciPy 1.10's mannwhitneyu(a, b, alternative='two-sided', method='auto'): the
// exact null distribution when one sample has at most 8 values and no value is
// tied across both samples, else the normal approximation with tie and
// continuity correction. Throws std::invalid_argument for an empty sample or
// NaN.
struct MannWhitneyResult {
  double u = 0;  // max(U1, U2), the statistic SciPy uses for the two-sided test
  double u1 = 0;  // U of the first sample
  double p_value = 1;
  bool exact = false;  // exact distribution (true) or normal approximation
};
MannWhitneyResult mann_whitney_u(std::span<const double> a,
                                 std::span<const double> b);

// The smallest two-sided p-value samples of these sizes can reach.
double min_attainable_p_value(std::size_t n1, std::size_t n2);

// How many of the m * n sorted pairwise differences (new - base) to cut from
// each end for a distribution-free (1 - alpha) interval of the shift (Moses):
// the largest c + 1 with P(U <= c) <= alpha / 2 without ties. Exact while the
// counts fit 128 bits, normal approximation beyond; 0 when samples this small
// cannot give that confidence.
std::size_t shift_interval_trim(std::size_t m, std::size_t n, double alpha);

// The values grouped by run id (`runs` parallel to `values`) in order of each
// run's first value, and the median of each group.
std::vector<std::vector<double>> split_runs(std::span<const double> values,
                                            std::span<const std::int64_t> runs);
std::vector<double> run_medians(std::span<const double> values,
                                std::span<const std::int64_t> runs);

struct Shift {
  double estimate = 0;  // relative change new/base - 1
  // The (1 - alpha) interval; absent when the sample sizes cannot give it.
  std::optional<double> low, high;
};

// exp(median over all pairs of log(new_j) - log(base_i)) - 1 (Hodges-Lehmann),
// with the interval of shift_interval_trim. When a value is <= 0 the
// differences are of values / |median(base)|. nullopt for an empty sample, or a
// zero base median with differing values.
std::optional<Shift> relative_shift(std::span<const double> base,
                                    std::span<const double> next, double alpha);

// The pooled standard deviation of the log values (scaled as above), each
// sample about its own mean: the between-run spread as a fraction. nullopt
// below 3 values in all or for a zero base median.
std::optional<double> relative_spread(std::span<const double> base,
                                      std::span<const double> next);

// The smallest relative slowdown a two-sided test at `alpha` finds with
// probability `power` between m and n runs of relative spread `spread`:
//   exp((t(1 - alpha / 2) + t(power)) * spread * sqrt(1/m + 1/n) *
//       sqrt(pi / 3)) - 1,
// t at m + n - 2 degrees of freedom; sqrt(pi / 3): the U test's efficiency
// (3 / pi) relative to the t test under normal noise. Infinite when a U test of
// these sizes cannot reach `alpha` at all.
double minimal_detectable_effect(std::size_t m, std::size_t n, double spread,
                                 double alpha, double power = 0.95);

}  // namespace benchtool
