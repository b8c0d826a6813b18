#include "marketbench/indicators/rsi.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "talib_reference.hpp"

namespace marketbench::indicators {
namespace {

using testing::kTalibCloses;

TEST(Rsi, HandComputed) {
  // Changes +1, -1, +2. Seed: gain 0.5, loss 0.5 -> 50. Then gain (0.5 + 2) / 2
  // = 1.25, loss 0.5 / 2 = 0.25 -> 100 * 1.25 / 1.5.
  const std::vector<double> in = {1, 2, 1, 3};
  std::vector<double> out(2);
  EXPECT_EQ(rsi(in, 2, out), (OutputRange{2, 2}));
  EXPECT_DOUBLE_EQ(out[0], 50.0);
  EXPECT_DOUBLE_EQ(out[1], 100.0 * 1.25 / 1.5);
}

TEST(Rsi, TalibReference) {
  std::vector<double> out(kTalibCloses.size());
  const OutputRange range = rsi(kTalibCloses, 14, out);
  EXPECT_EQ(range.begin, 14u);
  EXPECT_EQ(range.begin, rsi_lookback(14));
  ASSERT_EQ(range.count, 238u);
  EXPECT_NEAR(out[0], 49.15, 0.01);
  EXPECT_NEAR(out[1], 52.33, 0.01);
  EXPECT_NEAR(out[2], 46.07, 0.01);
  EXPECT_NEAR(out[range.count - 1], 49.63, 0.01);
}

TEST(Rsi, FlatSeriesIsZeroAndOnlyGainsIsHundred) {
  const std::vector<double> flat(10, 42.0);
  std::vector<double> out(10);
  const OutputRange range = rsi(flat, 3, out);
  ASSERT_EQ(range.count, 7u);
  for (std::size_t j = 0; j < range.count; ++j) EXPECT_EQ(out[j], 0.0);

  const std::vector<double> rising = {1, 2, 3, 4, 5, 6};
  rsi(rising, 3, out);
  EXPECT_DOUBLE_EQ(out[0], 100.0);
  EXPECT_DOUBLE_EQ(out[2], 100.0);
}

TEST(Rsi, StaysInRange) {
  std::vector<double> out(kTalibCloses.size());
  const OutputRange range = rsi(kTalibCloses, 5, out);
  for (std::size_t j = 0; j < range.count; ++j) {
    EXPECT_GE(out[j], 0.0);
    EXPECT_LE(out[j], 100.0);
  }
}

TEST(Rsi, BadArgumentsNameTheValue) {
  const std::vector<double> in = {1, 2, 3, 4};
  std::vector<double> out(1);
  EXPECT_THROW(rsi(in, 0, out), std::invalid_argument);
  try {
    rsi(in, 2, out);
    ADD_FAILURE() << "expected a throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "rsi: output buffer 'out' holds 1 values but 2 are needed");
  }
  EXPECT_EQ(rsi(in, 4, out), (OutputRange{0, 0}));
}

}  // namespace
}  // namespace marketbench::indicators
