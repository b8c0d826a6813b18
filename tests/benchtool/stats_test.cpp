#include "stats/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace benchtool {
namespace {

TEST(Summarize, MatchesGoogleBenchmarkDefinitions) {
  const std::vector<double> v{4, 1, 3, 2};
  const Summary s = summarize(v);
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.stddev,
                   std::sqrt(5.0 / 3.0));  // sample standard deviation (n - 1)
  EXPECT_DOUBLE_EQ(s.cv, std::sqrt(5.0 / 3.0) / 2.5);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.max, 4);
}

TEST(Summarize, OddCountMedianAndSingleValue) {
  EXPECT_EQ(median(std::vector<double>{9, 1, 5}), 5);
  const Summary one = summarize(std::vector<double>{7});
  EXPECT_EQ(one.median, 7);
  EXPECT_EQ(one.stddev, 0);
  EXPECT_EQ(one.cv, 0);
  EXPECT_THROW(summarize(std::vector<double>{}), std::invalid_argument);
}

TEST(Summarize, KeepsPrecisionForTinySpreads) {
  // Around 1e9 with a spread of 1: a one-pass variance would lose it entirely.
  const Summary s = summarize(std::vector<double>{1e9, 1e9 + 1, 1e9 + 2});
  EXPECT_DOUBLE_EQ(s.stddev, 1.0);
}

TEST(RelativeChange, UsesTheOldValueAsTheBase) {
  EXPECT_DOUBLE_EQ(relative_change(100, 110), 0.10);
  EXPECT_DOUBLE_EQ(relative_change(100, 90), -0.10);
  EXPECT_DOUBLE_EQ(relative_change(-100, -90), 0.10);  // |old|
}

TEST(RelativeChange, HandlesZerosLikeComparePy) {
  EXPECT_EQ(relative_change(0, 0), 0);
  EXPECT_DOUBLE_EQ(relative_change(0, 5), 2.0);   // (5 - 0) / ((0 + 5) / 2)
  EXPECT_DOUBLE_EQ(relative_change(0, -5), 2.0);  // (-5) / (-2.5)
  EXPECT_DOUBLE_EQ(relative_change(5, 0), -1.0);
}

}  // namespace
}  // namespace benchtool
