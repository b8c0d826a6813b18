#pragma once
// Two-sided Mann-Whitney U test, numerically the same as SciPy 1.10's
// scipy.stats.mannwhitneyu(a, b, alternative='two-sided') with method='auto':
// the exact null distribution when one sample has at most 8 values and no value
// is tied across both samples; otherwise the normal approximation with tie
// correction and continuity correction.

#include <cstddef>
#include <span>

namespace benchtool {

struct MannWhitneyResult {
  double u = 0;  // max(U1, U2), the statistic SciPy uses for the two-sided test
  double u1 = 0;       // U of the first sample
  double p_value = 1;  // two-sided
  bool exact = false;  // exact distribution (true) or normal approximation
};

// Throws std::invalid_argument when a sample is empty or holds NaN.
MannWhitneyResult mann_whitney_u(std::span<const double> a,
                                 std::span<const double> b);

// The smallest two-sided p-value samples of these sizes can reach (completely
// separated samples, no ties): below alpha only when there are enough
// repetitions.
double min_attainable_p_value(std::size_t n1, std::size_t n2);

// The number of the m * n pairwise differences (new - base), sorted, to cut
// from each end so that the range left is a distribution-free (1 - alpha)
// confidence interval of the shift between the samples (Moses; the interval
// around the Hodges-Lehmann estimate): the largest c + 1 with P(U <= c) <=
// alpha / 2 under the null hypothesis without ties. Exact null distribution
// while it fits 128 bits, normal approximation beyond. 0 when samples this
// small cannot give that confidence.
std::size_t shift_interval_trim(std::size_t m, std::size_t n, double alpha);

}  // namespace benchtool
