#pragma once
// Effect sizes between two samples of run values: the relative change new/base
// as a Hodges-Lehmann shift of log values with its distribution-free interval,
// the between-run spread, and the minimal detectable effect at a given run
// count. Used by `compare` (run mode) and `calibrate`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace benchtool {

// One value per run: the median of the values that share a run id, in order of
// each run's first value. `runs` is parallel to `values`.
std::vector<double> run_medians(std::span<const double> values,
                                std::span<const std::int64_t> runs);

struct Shift {
  double estimate = 0;  // relative change new/base - 1
  // The (1 - alpha) interval of `estimate`; absent when the sample sizes cannot
  // give that confidence.
  std::optional<double> low, high;
};

// exp(median over all pairs of log(new_j) - log(base_i)) - 1, and the interval
// from the Mann-Whitney distribution of those pairwise differences. When a
// value is <= 0 the differences are taken on the raw values divided by
// |median(base)|. nullopt for an empty sample, or a zero base median with
// differing values.
std::optional<Shift> relative_shift(std::span<const double> base,
                                    std::span<const double> next, double alpha);

// The pooled standard deviation of log values (of values / |median(base)| when
// one is <= 0) over both samples, each about its own mean: the between-run
// spread as a fraction. nullopt below 3 values in all or a zero base median.
std::optional<double> relative_spread(std::span<const double> base,
                                      std::span<const double> next);

// The smallest relative slowdown a two-sided test at level `alpha` finds with
// probability `power` between m and n runs of relative spread `spread`:
//   exp((t(1 - alpha / 2) + t(power)) * spread * sqrt(1/m + 1/n) *
//       sqrt(pi / 3)) - 1,
// t at m + n - 2 degrees of freedom; sqrt(pi / 3) is the U test's efficiency
// (3 / pi) relative to the t test under normal noise.
// Infinite when a Mann-Whitney U test of these sizes cannot reach `alpha` at
// all (completely separated samples still give p >= alpha).
double minimal_detectable_effect(std::size_t m, std::size_t n, double spread,
                                 double alpha, double power = 0.95);

}  // namespace benchtool
