#include "marketbench/indicators/moving_average.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "talib_reference.hpp"

namespace marketbench::indicators {
namespace {

using testing::kTalibCloses;

// Expects `fn` to throw std::invalid_argument whose message contains `needle`.
template <typename Fn>
void expect_invalid(Fn&& fn, const std::string& needle) {
  try {
    fn();
    ADD_FAILURE() << "no exception, expected one mentioning '" << needle << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << e.what();
  }
}

TEST(Sma, HandComputed) {
  const std::vector<double> in = {1, 2, 3, 4, 5};
  std::vector<double> out(3);
  EXPECT_EQ(sma(in, 3, out), (OutputRange{2, 3}));
  EXPECT_EQ(out, (std::vector<double>{2, 3, 4}));
}

TEST(Sma, TalibReference) {
  std::vector<double> out(kTalibCloses.size());
  const OutputRange range = sma(kTalibCloses, 30, out);
  EXPECT_EQ(range.begin, 29u);
  EXPECT_EQ(range.begin, sma_lookback(30));
  ASSERT_EQ(range.count, 252u - 29u);
  EXPECT_NEAR(out[0], 90.43, 0.01);
  EXPECT_NEAR(out[range.count - 1], 108.42, 0.01);
}

TEST(Sma, RunningSumAgreesWithDirectMeans) {
  std::vector<double> out(kTalibCloses.size());
  const OutputRange range = sma(kTalibCloses, 7, out);
  for (std::size_t j = 0; j < range.count; ++j) {
    double sum = 0;
    for (std::size_t i = j; i < j + 7; ++i) sum += kTalibCloses[i];
    ASSERT_NEAR(out[j], sum / 7, 1e-9) << "at output " << j;
  }
}

TEST(Sma, PeriodOneIsTheInput) {
  const std::vector<double> in = {3, 1, 4};
  std::vector<double> out(3);
  EXPECT_EQ(sma(in, 1, out), (OutputRange{0, 3}));
  EXPECT_EQ(out, in);
}

TEST(Sma, InputNoLongerThanLookbackWritesNothing) {
  const std::vector<double> in = {1, 2};
  std::vector<double> out;
  EXPECT_EQ(sma(in, 3, out), (OutputRange{0, 0}));
  EXPECT_EQ(ema(in, 3, out), (OutputRange{0, 0}));
  EXPECT_EQ(sma(std::span<const double>{}, 1, out), (OutputRange{0, 0}));
}

TEST(Sma, BadArgumentsNameTheValue) {
  const std::vector<double> in = {1, 2, 3, 4};
  std::vector<double> out(4);
  expect_invalid([&] { sma(in, 0, out); }, "period = 0");
  expect_invalid([&] { sma_lookback(0); }, "period = 0");
  std::vector<double> small(1);
  expect_invalid([&] { sma(in, 2, small); }, "holds 1 values but 3 are needed");
}

TEST(Ema, HandComputed) {
  // k = 0.5; seed = mean(2, 4, 6) = 4; then 4 + 0.5 * (8 - 4) = 6; 6 + 0.5 * (3
  // - 6) = 4.5.
  const std::vector<double> in = {2, 4, 6, 8, 3};
  std::vector<double> out(3);
  EXPECT_EQ(ema(in, 3, out), (OutputRange{2, 3}));
  EXPECT_DOUBLE_EQ(out[0], 4.0);
  EXPECT_DOUBLE_EQ(out[1], 6.0);
  EXPECT_DOUBLE_EQ(out[2], 4.5);
}

TEST(Ema, TalibReference) {
  std::vector<double> out(kTalibCloses.size());
  const OutputRange range = ema(kTalibCloses, 10, out);
  EXPECT_EQ(range.begin, 9u);
  EXPECT_EQ(range.begin, ema_lookback(10));
  ASSERT_EQ(range.count, 243u);
  EXPECT_NEAR(out[0], 93.23, 0.01);
  EXPECT_NEAR(out[1], 93.75, 0.01);
  EXPECT_NEAR(out[range.count - 1], 108.98, 0.01);
}

TEST(Ema, FirstOutputIsTheSmaSeed) {
  std::vector<double> e(kTalibCloses.size());
  std::vector<double> s(kTalibCloses.size());
  ema(kTalibCloses, 26, e);
  sma(kTalibCloses, 26, s);
  EXPECT_DOUBLE_EQ(e[0], s[0]);
  EXPECT_NE(e[1], s[1]);
}

TEST(Ema, BadArgumentsNameTheValue) {
  const std::vector<double> in = {1, 2, 3, 4};
  std::vector<double> small(2);
  expect_invalid([&] { ema(in, 0, small); }, "period = 0");
  expect_invalid([&] { ema(in, 2, small); },
                 "'out' holds 2 values but 3 are needed");
}

}  // namespace
}  // namespace marketbench::indicators
