#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "stats/stats.hpp"

namespace benchtool {
namespace {

void expect_relative(double actual, double expected) {
  EXPECT_LE(std::fabs(actual - expected), 1e-12 * std::fabs(expected))
      << actual << " vs " << expected;
}

// The four reference values of scipy.stats.mannwhitneyu(a, b,
// alternative='two-sided'), SciPy 1.10, quoted in the issue.
TEST(MannWhitneyU, MatchesScipyAsymptoticWithoutTies) {
  const std::vector<double> a{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> b{10, 11, 12, 13, 14, 15, 16, 17, 18};
  const auto r = mann_whitney_u(a, b);
  EXPECT_FALSE(r.exact);  // both samples have 9 values
  EXPECT_EQ(r.u1, 0);
  EXPECT_EQ(r.u, 81);
  expect_relative(r.p_value, 0.00041229480206169127);
}

TEST(MannWhitneyU, MatchesScipyExactSmallSamples) {
  const auto r = mann_whitney_u(std::vector<double>{1, 2, 3},
                                std::vector<double>{4, 5, 6});
  EXPECT_TRUE(r.exact);
  expect_relative(r.p_value, 0.1);
}

TEST(MannWhitneyU, MatchesScipyWithTiesUsingTheNormalApproximation) {
  const auto r = mann_whitney_u(std::vector<double>{1, 2, 2, 3, 4},
                                std::vector<double>{2, 3, 3, 5, 6});
  EXPECT_FALSE(r.exact);  // ties force the asymptotic method even for 5 values
  expect_relative(r.p_value, 0.19882894401644247);
}

TEST(MannWhitneyU, MatchesScipyExactSevenAgainstSeven) {
  const auto r = mann_whitney_u(std::vector<double>{5, 6, 7, 8, 9, 10, 11},
                                std::vector<double>{1, 2, 3, 4, 5.5, 6.5, 7.5});
  EXPECT_TRUE(r.exact);
  expect_relative(r.p_value, 0.01748251748251748);
}

TEST(MannWhitneyU, IsSymmetricInItsSamples) {
  const std::vector<double> a{5, 6, 7, 8, 9, 10, 11};
  const std::vector<double> b{1, 2, 3, 4, 5.5, 6.5, 7.5};
  EXPECT_EQ(mann_whitney_u(a, b).p_value, mann_whitney_u(b, a).p_value);
  EXPECT_EQ(mann_whitney_u(a, b).u, mann_whitney_u(b, a).u);
}

// The exact branch against brute force: every way to pick which ranks belong to
// the first sample, counting those with U at least as extreme as the observed
// one.
double brute_force_two_sided(const std::vector<double>& a,
                             const std::vector<double>& b) {
  const std::size_t m = a.size(), n = b.size(), total = m + n;
  const double observed = mann_whitney_u(a, b).u;
  std::size_t extreme = 0, all = 0;
  for (unsigned mask = 0; mask < (1u << total); ++mask) {
    if (static_cast<std::size_t>(__builtin_popcount(mask)) != m) continue;
    ++all;
    double rank_sum = 0;
    for (std::size_t i = 0; i < total; ++i) {
      if (mask & (1u << i)) rank_sum += static_cast<double>(i + 1);
    }
    const double u1 = rank_sum - static_cast<double>(m * (m + 1)) / 2;
    const double u = std::max(u1, static_cast<double>(m * n) - u1);
    if (u >= observed) ++extreme;
  }
  // P(max(U1, U2) >= u) is the two-sided p SciPy computes as 2 * P(U <= mn -
  // u), except at the centre, where the doubled tail exceeds 1 and is clipped.
  return std::min(1.0,
                  static_cast<double>(extreme) / static_cast<double>(all) *
                      (observed * 2 == static_cast<double>(m * n) ? 2.0 : 1.0));
}

TEST(MannWhitneyU, ExactDistributionAgreesWithBruteForce) {
  const std::vector<std::pair<std::vector<double>, std::vector<double>>> cases{
      {{1, 4, 9}, {2, 3, 5, 6, 7, 8, 10}},
      {{3, 8, 11, 12}, {1, 2, 4, 5, 6, 7, 9, 10}},
      {{1, 2, 4, 7, 9}, {3, 5, 6, 8, 10, 11}},
      {{10, 20}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13}},
  };
  for (const auto& [a, b] : cases) {
    const auto r = mann_whitney_u(a, b);
    ASSERT_TRUE(r.exact);
    expect_relative(r.p_value, brute_force_two_sided(a, b));
  }
}

TEST(MannWhitneyU, ExactBranchHandlesAnUnevenLargeSample) {
  // 8 values against 400: still exact in SciPy; C(408, 8) ~ 1.9e16 is beyond
  // 2^53, where doubles stop counting exactly.
  std::vector<double> a, b;
  for (int i = 0; i < 8; ++i) a.push_back(1000 + i);
  for (int i = 0; i < 400; ++i) b.push_back(i);
  const auto r = mann_whitney_u(a, b);
  EXPECT_TRUE(r.exact);
  // Completely separated: p = 2 / C(408, 8).
  double c = 1;
  for (int i = 1; i <= 8; ++i) c = c * (400 + i) / i;
  expect_relative(r.p_value, 2 / c);
}

TEST(MannWhitneyU, IdenticalSamplesGiveOne) {
  EXPECT_EQ(
      mann_whitney_u(std::vector<double>{5, 5, 5}, std::vector<double>{5, 5, 5})
          .p_value,
      1.0);
  EXPECT_EQ(
      mann_whitney_u(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2, 3})
          .p_value,
      1.0);
  EXPECT_EQ(
      mann_whitney_u(std::vector<double>{1}, std::vector<double>{2}).p_value,
      1.0);
}

TEST(MannWhitneyU, RejectsEmptySamplesAndNaN) {
  EXPECT_THROW(mann_whitney_u(std::vector<double>{}, std::vector<double>{1}),
               std::invalid_argument);
  EXPECT_THROW(
      mann_whitney_u(std::vector<double>{NAN, 1}, std::vector<double>{1, 2}),
      std::invalid_argument);
}

TEST(MannWhitneyU, SmallestAttainablePValue) {
  expect_relative(min_attainable_p_value(3, 3), 0.1);
  expect_relative(min_attainable_p_value(4, 4), 2.0 / 70);
  expect_relative(min_attainable_p_value(9, 9), 0.00041229480206169127);
  EXPECT_EQ(min_attainable_p_value(1, 1), 1.0);
}

}  // namespace
}  // namespace benchtool
