#include "marketbench/indicators/returns.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "marketbench/core/random.hpp"

namespace marketbench::indicators {
namespace {

TEST(Returns, HandComputed) {
  const std::vector<double> in = {1, 2, 4, 0, 5};
  std::vector<double> out(4);
  EXPECT_EQ(returns(in, 1, out), (OutputRange{1, 4}));
  // From a zero price the return is 0, as TA-Lib's ROCP reports it.
  EXPECT_EQ(out, (std::vector<double>{1.0, 1.0, -1.0, 0.0}));
  EXPECT_EQ(returns(in, 2, out), (OutputRange{2, 3}));
  EXPECT_DOUBLE_EQ(out[0], 3.0);
  EXPECT_DOUBLE_EQ(out[1], -1.0);
  EXPECT_DOUBLE_EQ(out[2], 0.25);
}

TEST(Returns, BadArguments) {
  const std::vector<double> in = {1, 2, 3};
  std::vector<double> out(3);
  EXPECT_THROW(returns(in, 0, out), std::invalid_argument);
  std::vector<double> small(1);
  EXPECT_THROW(returns(in, 1, small), std::invalid_argument);
  EXPECT_EQ(returns(in, 3, small), (OutputRange{0, 0}));
}

TEST(Volatility, HandComputed) {
  // Returns +0.1 and -0.1: sample variance (0.01 + 0.01) / 1.
  const std::vector<double> in = {100, 110, 99};
  std::vector<double> out(1);
  EXPECT_EQ(volatility(in, 2, out), (OutputRange{2, 1}));
  EXPECT_NEAR(out[0], std::sqrt(0.02), 1e-12);
}

TEST(Volatility, MatchesTwoPassSampleStd) {
  core::Xoshiro256StarStar rng(3);
  std::vector<double> in(400);
  double price = 80;
  for (auto& x : in) x = (price *= 1 + 0.03 * rng.normal());
  const std::size_t period = 21;
  std::vector<double> out(in.size());
  const OutputRange range = volatility(in, period, out);
  ASSERT_EQ(range.begin, period);
  for (std::size_t j = 0; j < range.count; ++j) {
    const std::size_t end =
        j + period;  // index of the last price in the window
    double mean = 0;
    for (std::size_t i = end - period + 1; i <= end; ++i)
      mean += in[i] / in[i - 1] - 1;
    mean /= period;
    double ss = 0;
    for (std::size_t i = end - period + 1; i <= end; ++i) {
      const double r = in[i] / in[i - 1] - 1;
      ss += (r - mean) * (r - mean);
    }
    ASSERT_NEAR(out[j], std::sqrt(ss / (period - 1)), 1e-12) << j;
  }
}

TEST(Volatility, ConstantGrowthAndFlatPricesHaveNone) {
  std::vector<double> in = {10, 30, 5};
  for (int i = 0; i < 30; ++i) in.push_back(in.back() * 1.01);
  std::vector<double> out(in.size());
  const OutputRange range = volatility(in, 5, out);
  EXPECT_GT(out[0], 0.1);
  // Windows from input index 8 on hold only the 1% step.
  for (std::size_t j = 8 - range.begin; j < range.count; ++j)
    EXPECT_NEAR(out[j], 0.0, 1e-15) << j;
}

TEST(Volatility, BadArgumentsNameTheValue) {
  const std::vector<double> in = {1, 2, 3};
  std::vector<double> out(3);
  try {
    volatility(in, 1, out);
    ADD_FAILURE() << "expected a throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "volatility: period = 1 is invalid (must be at least 2)");
  }
}

}  // namespace
}  // namespace marketbench::indicators
