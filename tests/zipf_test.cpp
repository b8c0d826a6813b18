#include "marketbench/core/zipf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

namespace marketbench::core {
namespace {

// Pearson chi-square of 10^6 samples against the exact Zipf probabilities.
double chi_square(std::uint64_t n, double s, std::uint64_t samples,
                  std::uint64_t seed) {
  ZipfSampler sampler(n, s);
  Xoshiro256StarStar rng(seed);
  std::vector<double> observed(n + 1, 0.0);
  for (std::uint64_t i = 0; i < samples; ++i) {
    const auto k = sampler.sample_rank(rng);
    EXPECT_GE(k, 1u);
    EXPECT_LE(k, n);
    observed[k] += 1;
  }
  double chi2 = 0;
  for (std::uint64_t k = 1; k <= n; ++k) {
    const double expected =
        zipf_probability(n, s, k) * static_cast<double>(samples);
    chi2 += (observed[k] - expected) * (observed[k] - expected) / expected;
  }
  return chi2;
}

// 99 degrees of freedom: the 0.999 quantile of chi-square(99) is 148.2.
constexpr double kChi2Critical99 = 148.2;

TEST(ZipfSampler, ChiSquareFitS099) {
  EXPECT_LT(chi_square(100, 0.99, 1'000'000, 1), kChi2Critical99);
}

TEST(ZipfSampler, ChiSquareFitS1) {
  EXPECT_LT(chi_square(100, 1.0, 1'000'000, 2), kChi2Critical99);
}

TEST(ZipfSampler, ChiSquareDetectsTheWrongExponent) {
  // The same statistic against s = 1.0 when sampling s = 1.2 must fail: the
  // test has teeth.
  ZipfSampler sampler(100, 1.2);
  Xoshiro256StarStar rng(3);
  std::vector<double> observed(101, 0.0);
  for (int i = 0; i < 1'000'000; ++i) observed[sampler.sample_rank(rng)] += 1;
  double chi2 = 0;
  for (std::uint64_t k = 1; k <= 100; ++k) {
    const double expected = zipf_probability(100, 1.0, k) * 1e6;
    chi2 += (observed[k] - expected) * (observed[k] - expected) / expected;
  }
  EXPECT_GT(chi2, kChi2Critical99);
}

TEST(ZipfSampler, LargeNWithoutTable) {
  ZipfSampler sampler(1'000'000'000ULL, 0.99);
  Xoshiro256StarStar rng(4);
  std::uint64_t ones = 0;
  for (int i = 0; i < 100000; ++i) {
    const auto k = sampler.sample_rank(rng);
    ASSERT_GE(k, 1u);
    ASSERT_LE(k, 1'000'000'000ULL);
    ones += (k == 1);
  }
  EXPECT_GT(ones, 0u);
}

TEST(ZipfSampler, SingleRank) {
  ZipfSampler sampler(1, 1.0);
  Xoshiro256StarStar rng(5);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(sampler.sample_rank(rng), 1u);
}

TEST(ZipfSampler, PermutationIsABijectionThatMovesHotKeys) {
  constexpr std::uint64_t kN = 1000;
  ZipfSampler sampler(kN, 0.99, 1234);
  std::set<std::uint64_t> keys;
  for (std::uint64_t r = 1; r <= kN; ++r) {
    const auto key = sampler.key_of_rank(r);
    ASSERT_LT(key, kN);
    keys.insert(key);
  }
  EXPECT_EQ(keys.size(), kN);
  int moved = 0;
  for (std::uint64_t r = 1; r <= 10; ++r)
    moved += sampler.key_of_rank(r) != r - 1;
  EXPECT_GE(moved, 8);
  ZipfSampler other(kN, 0.99, 1235);
  EXPECT_NE(sampler.key_of_rank(1), other.key_of_rank(1));
}

TEST(ZipfSampler, BadArgumentsThrow) {
  EXPECT_THROW(ZipfSampler(0, 1.0), std::invalid_argument);
  EXPECT_THROW(ZipfSampler(10, 0.0), std::invalid_argument);
  EXPECT_THROW(ZipfSampler(10, -1.0), std::invalid_argument);
  EXPECT_THROW(ZipfSampler(10, NAN), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::core
