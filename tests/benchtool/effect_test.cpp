#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stats/stats.hpp"

namespace benchtool {
namespace {

TEST(RunMedians, OneMedianPerRunInOrderOfAppearance) {
  const std::vector<double> values{5, 7, 6, 1, 2, 100};
  const std::vector<std::int64_t> runs{3, 3, 3, 0, 0, 8};
  EXPECT_EQ(run_medians(values, runs), (std::vector<double>{6, 1.5, 100}));
}

TEST(RelativeShift, RatioOfConstantSamples) {
  const std::vector<double> base(10, 100), next(10, 110);
  const auto s = relative_shift(base, next, 0.05);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->estimate, 0.10, 1e-12);
  EXPECT_NEAR(*s->low, 0.10, 1e-12);
  EXPECT_NEAR(*s->high, 0.10, 1e-12);
}

// The Hodges-Lehmann estimate is the median of the pairwise log ratios, and the
// 95% interval of 10 against 10 runs cuts the 23 outermost of the 100 sorted
// differences from each end (critical U = 23: P(U <= 23) = 0.0216 <= 0.025).
TEST(RelativeShift, HodgesLehmannEstimateAndMosesInterval) {
  std::vector<double> base, next;
  for (int i = 0; i < 10; ++i) {
    base.push_back(100 + i);
    next.push_back(105 + 2 * i);
  }
  std::vector<double> d;
  for (const double x : base) {
    for (const double y : next) d.push_back(std::log(y) - std::log(x));
  }
  std::sort(d.begin(), d.end());
  const auto s = relative_shift(base, next, 0.05);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->estimate, std::expm1(median(d)), 1e-12);
  EXPECT_NEAR(*s->low, std::expm1(d[23]), 1e-12);
  EXPECT_NEAR(*s->high, std::expm1(d[76]), 1e-12);
  EXPECT_LT(*s->low, s->estimate);
  EXPECT_GT(*s->high, s->estimate);
}

TEST(RelativeShift, NoIntervalWhenTheSamplesAreTooSmall) {
  // 2 against 2: the smallest P(U <= 0) is 1/6 > 0.025.
  const auto s = relative_shift(std::vector<double>{1, 2},
                                std::vector<double>{3, 4}, 0.05);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->low);
  EXPECT_FALSE(s->high);
}

TEST(RelativeShift, NonPositiveValuesUseDifferencesOverTheBaseMedian) {
  const auto s = relative_shift(std::vector<double>{0, 2, 4},
                                std::vector<double>{1, 3, 5}, 0.05);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->estimate, 0.5, 1e-12);  // shift 1 over median 2
  EXPECT_FALSE(relative_shift(std::vector<double>{0, 0, 0},
                              std::vector<double>{1, 1, 1}, 0.05));
  const auto zeros = relative_shift(std::vector<double>{0, 0},
                                    std::vector<double>{0, 0}, 0.05);
  ASSERT_TRUE(zeros);
  EXPECT_EQ(zeros->estimate, 0);
}

TEST(RelativeSpread, PooledStandardDeviationOfLogValues) {
  // Each side about its own mean: a shift between the sides is not spread.
  const std::vector<double> base{std::exp(1.0), std::exp(3.0)};
  const std::vector<double> next{std::exp(11.0), std::exp(13.0)};
  // Squares 1 + 1 + 1 + 1 over 4 - 2 degrees of freedom.
  EXPECT_NEAR(*relative_spread(base, next), std::sqrt(2.0), 1e-12);
  EXPECT_FALSE(relative_spread(std::vector<double>{1}, std::vector<double>{2}));
}

TEST(MinimalDetectableEffect, FormulaAtTheLevelAndPower) {
  // (t(0.975, 18) + t(0.95, 18)) * 0.05 * sqrt(2 / 10) * sqrt(pi / 3)
  // = (2.100922 + 1.734064) * 0.0228823 = 0.0877534; exp(.) - 1.
  EXPECT_NEAR(minimal_detectable_effect(10, 10, 0.05, 0.05, 0.95), 0.0917192,
              2e-4);
  // A stricter level (Holm over 17 tests) needs a larger change.
  EXPECT_GT(minimal_detectable_effect(10, 10, 0.05, 0.05 / 17, 0.95),
            minimal_detectable_effect(10, 10, 0.05, 0.05, 0.95));
  // More runs resolve smaller changes.
  EXPECT_LT(minimal_detectable_effect(20, 20, 0.05, 0.05, 0.95),
            minimal_detectable_effect(10, 10, 0.05, 0.05, 0.95));
  EXPECT_EQ(minimal_detectable_effect(10, 10, 0, 0.05, 0.95), 0);
}

TEST(MinimalDetectableEffect, InfiniteWhenTheTestCannotReachTheLevel) {
  // 3 against 3 runs: the smallest two-sided p is 0.1.
  EXPECT_TRUE(std::isinf(minimal_detectable_effect(3, 3, 0.01, 0.05, 0.95)));
  // 5 against 5 reaches 0.0079, not 0.05 / 17.
  EXPECT_FALSE(std::isinf(minimal_detectable_effect(5, 5, 0.01, 0.05, 0.95)));
  EXPECT_TRUE(
      std::isinf(minimal_detectable_effect(5, 5, 0.01, 0.05 / 17, 0.95)));
}

TEST(ShiftIntervalTrim, MatchesTheExactCriticalValues) {
  EXPECT_EQ(shift_interval_trim(5, 5, 0.05), 3u);  // P(U <= 2) = 4/252
  EXPECT_EQ(shift_interval_trim(10, 10, 0.05), 24u);
  EXPECT_EQ(shift_interval_trim(10, 5, 0.05), shift_interval_trim(5, 10, 0.05));
  EXPECT_EQ(shift_interval_trim(2, 2, 0.05), 0u);
  // The normal approximation (continuity-corrected) agrees closely where the
  // exact counts are still available.
  const double mn = 30.0 * 30, sd = std::sqrt(mn * 61 / 12);
  const double approx = std::floor(mn / 2 + 0.5 - 1.959963984540054 * sd);
  EXPECT_NEAR(static_cast<double>(shift_interval_trim(30, 30, 0.05)), approx,
              2);
  // Beyond 128-bit counts the approximation is used.
  EXPECT_GT(shift_interval_trim(200, 200, 0.05), 0u);
}

TEST(StudentTQuantile, KnownValues) {
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.7062047, 1e-6);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 4.3026527, 1e-6);
  EXPECT_NEAR(student_t_quantile(0.975, 5), 2.5705818, 0.01);
  EXPECT_NEAR(student_t_quantile(0.995, 10), 3.1692727, 2e-3);
  EXPECT_NEAR(student_t_quantile(0.975, 18), 2.1009220, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.05, 18), -1.7340636, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 1e6), 1.959963984540054, 1e-5);
}

TEST(NormalQuantile, KnownValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.95), 1.6448536269514722, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-15);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-9);
  EXPECT_THROW(normal_quantile(0), std::invalid_argument);
}

}  // namespace
}  // namespace benchtool
