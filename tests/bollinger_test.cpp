#include "marketbench/indicators/bollinger.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/indicators/moving_average.hpp"
#include "talib_reference.hpp"

namespace marketbench::indicators {
namespace {

using testing::kTalibCloses;

struct Bands {
  explicit Bands(std::size_t n) : upper(n), middle(n), lower(n) {}
  BollingerOutputs outputs() { return {upper, middle, lower}; }
  std::vector<double> upper, middle, lower;
};

TEST(Bollinger, HandComputed) {
  // mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
  const std::vector<double> in = {1, 2, 3, 4};
  Bands out(1);
  EXPECT_EQ(bollinger(in, {4, 1.0}, out.outputs()), (OutputRange{3, 1}));
  EXPECT_DOUBLE_EQ(out.middle[0], 2.5);
  EXPECT_DOUBLE_EQ(out.upper[0], 2.5 + std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(out.lower[0], 2.5 - std::sqrt(1.25));
}

TEST(Bollinger, TalibReference) {
  Bands out(kTalibCloses.size());
  const OutputRange range = bollinger(kTalibCloses, {}, out.outputs());
  EXPECT_EQ(range.begin, 19u);
  EXPECT_EQ(range.begin, bollinger_lookback(20));
  ASSERT_EQ(range.count, 233u);
  EXPECT_NEAR(out.middle[0], 92.8910, 1e-4);
  EXPECT_NEAR(out.upper[0], 98.0734, 1e-4);
  EXPECT_NEAR(out.lower[0], 87.7086, 1e-4);
}

// Rolling moments against a two-pass standard deviation of every window, and
// the middle band against sma() bit for bit.
TEST(Bollinger, MatchesTwoPassDefinition) {
  core::Xoshiro256StarStar rng(11);
  std::vector<double> in(500);
  double price =
      5000;  // a high price level, where a sum of squares would cancel badly
  for (auto& x : in) x = (price *= 1 + 0.01 * rng.normal());
  const std::size_t period = 20;
  Bands out(in.size());
  std::vector<double> mean(in.size());
  const OutputRange range = bollinger(in, {period, 2.5}, out.outputs());
  sma(in, period, mean);
  for (std::size_t j = 0; j < range.count; ++j) {
    double m = 0;
    for (std::size_t i = j; i < j + period; ++i) m += in[i];
    m /= period;
    double ss = 0;
    for (std::size_t i = j; i < j + period; ++i)
      ss += (in[i] - m) * (in[i] - m);
    const double band = 2.5 * std::sqrt(ss / period);
    ASSERT_EQ(out.middle[j], mean[j]) << j;
    ASSERT_NEAR(out.upper[j] - out.middle[j], band, 1e-9 * price) << j;
    ASSERT_NEAR(out.middle[j] - out.lower[j], band, 1e-9 * price) << j;
  }
}

TEST(Bollinger, FlatStretchAfterVolatilityHasZeroWidth) {
  std::vector<double> in = {1e6, 1, 5e5, 3, 2e6};
  in.resize(40, 123.456);
  Bands out(in.size());
  const OutputRange range = bollinger(in, {10, 2.0}, out.outputs());
  // The windows ending at input index 14 or later hold only 123.456.
  for (std::size_t j = 14 - range.begin; j < range.count; ++j) {
    EXPECT_EQ(out.upper[j] - out.lower[j], 0.0) << j;
  }
}

TEST(Bollinger, BadArgumentsNameTheValue) {
  const std::vector<double> in(30, 1.0);
  Bands out(30);
  EXPECT_THROW(bollinger(in, {0, 2.0}, out.outputs()), std::invalid_argument);
  try {
    bollinger(in, {20, -1.0}, out.outputs());
    ADD_FAILURE() << "expected a throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(
        e.what(),
        "bollinger: num_std = -1 is invalid (must be finite and >= 0)");
  }
  EXPECT_THROW(bollinger(in, {20, std::numeric_limits<double>::quiet_NaN()},
                         out.outputs()),
               std::invalid_argument);
  std::vector<double> small(10);
  EXPECT_THROW(bollinger(in, {20, 2.0}, {out.upper, out.middle, small}),
               std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::indicators
