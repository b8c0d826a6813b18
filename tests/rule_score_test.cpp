#include "marketbench/recommend/rule_score.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "marketbench/core/random.hpp"

namespace marketbench::recommend {
namespace {

Signals neutral() {
  Signals s;
  s.close = 100;
  s.rsi = 50;
  s.macd_histogram = 0;
  s.sma_fast = 100;
  s.sma_slow = 100;
  s.bollinger_upper = 110;
  s.bollinger_lower = 90;
  s.momentum = 0;
  return s;
}

TEST(RuleScore, NeutralSignalsScoreZero) {
  const RuleConfig config;
  const SignalScores v = score_signals(neutral(), config);
  EXPECT_DOUBLE_EQ(v.rsi, 0);
  EXPECT_DOUBLE_EQ(v.macd, 0);
  EXPECT_DOUBLE_EQ(v.ma_cross, 0);
  EXPECT_DOUBLE_EQ(v.bollinger, 0);
  EXPECT_DOUBLE_EQ(v.momentum, 0);
  EXPECT_DOUBLE_EQ(rule_score(neutral(), config), 0);
}

TEST(RuleScore, EachRulePointsTheDocumentedWay) {
  const RuleConfig config;
  Signals s = neutral();
  s.rsi = 20;  // oversold
  EXPECT_DOUBLE_EQ(score_signals(s, config).rsi, 1.0);
  s.rsi = 90;  // overbought, beyond the band: saturates
  EXPECT_DOUBLE_EQ(score_signals(s, config).rsi, -1.0);
  s = neutral();
  s.macd_histogram = 0.5;  // 0.5% of price: tanh(1)
  EXPECT_NEAR(score_signals(s, config).macd, std::tanh(1.0), 1e-12);
  s = neutral();
  s.sma_fast = 98;  // fast 2% below slow: bearish
  EXPECT_NEAR(score_signals(s, config).ma_cross, std::tanh(-1.0), 1e-12);
  s = neutral();
  s.close = 90;  // on the lower band: %b = 0
  EXPECT_DOUBLE_EQ(score_signals(s, config).bollinger, 1.0);
  s.close = 115;  // above the upper band: clamped
  EXPECT_DOUBLE_EQ(score_signals(s, config).bollinger, -1.0);
  s = neutral();
  s.momentum = -0.05;
  EXPECT_NEAR(score_signals(s, config).momentum, std::tanh(-1.0), 1e-12);
}

TEST(RuleScore, AllBullishIsPlusOneAllBearishMinusOne) {
  const RuleConfig config;
  Signals bull = neutral();
  bull.rsi = 0;
  bull.macd_histogram = 100;
  bull.sma_fast = 200;
  bull.close = 80;
  bull.momentum = 5;
  EXPECT_NEAR(rule_score(bull, config), 1.0, 1e-9);
  Signals bear = neutral();
  bear.rsi = 100;
  bear.macd_histogram = -100;
  bear.sma_fast = 50;
  bear.close = 120;
  bear.momentum = -0.99;
  EXPECT_NEAR(rule_score(bear, config), -1.0, 1e-9);
}

TEST(RuleScore, StaysInRangeOnRandomSignals) {
  core::Xoshiro256StarStar rng(11);
  RuleConfig config;
  config.rsi_weight = 3;  // unnormalised weights are fine
  for (int i = 0; i < 100'000; ++i) {
    Signals s;
    s.close = 1 + 1000 * rng.uniform01();
    s.rsi = 100 * rng.uniform01();
    s.macd_histogram = s.close * 0.2 * (rng.uniform01() - 0.5);
    s.sma_fast = s.close * (0.5 + rng.uniform01());
    s.sma_slow = s.close * (0.5 + rng.uniform01());
    const double mid = s.close * (0.8 + 0.4 * rng.uniform01());
    const double half = s.close * 0.3 * rng.uniform01();
    s.bollinger_upper = mid + half;
    s.bollinger_lower = mid - half;
    s.momentum = 2 * rng.uniform01() - 0.9;
    const SignalScores v = score_signals(s, config);
    for (double x : {v.rsi, v.macd, v.ma_cross, v.bollinger, v.momentum}) {
      ASSERT_GE(x, -1.0);
      ASSERT_LE(x, 1.0);
    }
    const double score = rule_score(v, config);
    ASSERT_GE(score, -1.0);
    ASSERT_LE(score, 1.0);
  }
}

TEST(RuleScore, FlatPricesVoteZeroNotNaN) {
  Signals s = neutral();
  s.bollinger_upper = s.bollinger_lower = 100;
  s.sma_fast = s.sma_slow = 0;
  const SignalScores v = score_signals(s, RuleConfig{});
  EXPECT_DOUBLE_EQ(v.bollinger, 0);
  EXPECT_DOUBLE_EQ(v.ma_cross, 0);
}

TEST(RuleScore, NonFiniteDataGivesNonFiniteScore) {
  Signals s = neutral();
  s.close = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(std::isfinite(rule_score(s, RuleConfig{})));
  s = neutral();
  s.bollinger_upper = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(std::isfinite(rule_score(s, RuleConfig{})));
}

TEST(RuleScore, MinHistoryIsTheLongestLookbackPlusOne) {
  RuleConfig config;
  EXPECT_EQ(config.min_history(), 50u);  // SMA(50)
  config.slow_period = 30;
  EXPECT_EQ(config.min_history(), 34u);  // MACD(12, 26, 9)
  config.momentum_period = 60;
  EXPECT_EQ(config.min_history(), 61u);
}

TEST(RuleScore, ValidateNamesTheBadField) {
  const auto expect_invalid = [](const RuleConfig& c,
                                 const std::string& needle) {
    try {
      c.validate();
      FAIL() << "expected std::invalid_argument mentioning " << needle;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
          << e.what();
    }
  };
  EXPECT_NO_THROW(RuleConfig{}.validate());
  RuleConfig c;
  c.rsi_period = 1;
  expect_invalid(c, "rsi_period");
  c = RuleConfig{};
  c.fast_period = 60;
  expect_invalid(c, "fast_period (60)");
  c = RuleConfig{};
  c.macd_scale = 0;
  expect_invalid(c, "macd_scale");
  c = RuleConfig{};
  c.momentum_weight = -1;
  expect_invalid(c, "momentum_weight");
  c = RuleConfig{};
  c.rsi_weight = c.macd_weight = c.ma_cross_weight = c.bollinger_weight =
      c.momentum_weight = 0;
  expect_invalid(c, "sum to zero");
}

}  // namespace
}  // namespace marketbench::recommend
