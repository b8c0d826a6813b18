#include "marketbench/recommend/decision.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "marketbench/core/random.hpp"

namespace marketbench::recommend {
namespace {

void expect_invalid(const DecisionConfig& config, const std::string& needle) {
  try {
    config.validate();
    FAIL() << "expected std::invalid_argument mentioning " << needle;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << e.what();
  }
}

TEST(Decision, ActionNames) {
  EXPECT_EQ(action_name(Action::kSell), "SELL");
  EXPECT_EQ(action_name(Action::kHold), "HOLD");
  EXPECT_EQ(action_name(Action::kBuy), "BUY");
}

TEST(Decision, MlScoreIsBuyMinusSell) {
  EXPECT_DOUBLE_EQ(ml_score(0.2, 0.5), 0.3);
  EXPECT_DOUBLE_EQ(ml_score(1.0, 0.0), -1.0);
  EXPECT_DOUBLE_EQ(ml_score(0.0, 1.0), 1.0);
}

TEST(Decision, ValidateNamesTheBadField) {
  DecisionConfig ok;
  EXPECT_NO_THROW(ok.validate());
  DecisionConfig c = ok;
  c.rule_weight = 1.5;
  expect_invalid(c, "rule_weight");
  c = ok;
  c.rule_weight = std::numeric_limits<double>::quiet_NaN();
  expect_invalid(c, "rule_weight");
  c = ok;
  c.buy_threshold = 1.0;
  expect_invalid(c, "buy_threshold");
  c = ok;
  c.sell_threshold = -1.0;
  expect_invalid(c, "sell_threshold");
  c = ok;
  c.sell_threshold = 0.2;
  c.buy_threshold = 0.1;
  expect_invalid(c, "must be below buy_threshold");
}

TEST(Decision, ActionsFollowTheThresholdsOnRandomScores) {
  core::Xoshiro256StarStar rng(7);
  DecisionConfig config;
  config.rule_weight = 0.3;
  config.buy_threshold = 0.2;
  config.sell_threshold = -0.1;
  int seen[3] = {0, 0, 0};
  for (int i = 0; i < 100'000; ++i) {
    const double rule = 2.0 * rng.uniform01() - 1.0;
    const double ml = 2.0 * rng.uniform01() - 1.0;
    const Decision d = decide(rule, ml, config);
    EXPECT_DOUBLE_EQ(d.score, 0.3 * rule + 0.7 * ml);
    const Action expected = d.score >= config.buy_threshold    ? Action::kBuy
                            : d.score <= config.sell_threshold ? Action::kSell
                                                               : Action::kHold;
    ASSERT_EQ(d.action, expected) << "score " << d.score;
    ASSERT_GE(d.confidence, 0.0);
    ASSERT_LE(d.confidence, 1.0);
    ++seen[static_cast<int>(d.action)];
  }
  EXPECT_GT(seen[0], 0);
  EXPECT_GT(seen[1], 0);
  EXPECT_GT(seen[2], 0);
}

TEST(Decision, ThresholdsAreInclusive) {
  DecisionConfig config;
  config.rule_weight = 1.0;  // score == rule exactly
  EXPECT_EQ(decide(0.15, 0.0, config).action, Action::kBuy);
  EXPECT_EQ(decide(-0.15, 0.0, config).action, Action::kSell);
  EXPECT_EQ(decide(0.149, 0.0, config).action, Action::kHold);
  EXPECT_EQ(decide(-0.149, 0.0, config).action, Action::kHold);
  EXPECT_DOUBLE_EQ(decide(0.15, 0.15, config).confidence,
                   0.0);  // on the boundary: no margin
}

TEST(Decision, ConfidenceGrowsWithMarginAndAgreement) {
  const DecisionConfig config;
  EXPECT_DOUBLE_EQ(decide(1.0, 1.0, config).confidence, 1.0);
  EXPECT_DOUBLE_EQ(decide(-1.0, -1.0, config).confidence, 1.0);
  EXPECT_DOUBLE_EQ(decide(0.0, 0.0, config).confidence,
                   1.0);  // a HOLD dead centre
  EXPECT_LT(decide(0.5, 0.5, config).confidence,
            decide(0.9, 0.9, config).confidence);
  // Same combined score, but the sources disagree: less confidence.
  const Decision agree = decide(0.6, 0.6, config);
  const Decision dispute =
      decide(-0.3, 1.2, config);  // ml clamped to 1: score 0.48
  EXPECT_EQ(agree.action, Action::kBuy);
  EXPECT_EQ(dispute.action, Action::kBuy);
  EXPECT_LT(dispute.confidence, agree.confidence);
}

TEST(Decision, InputsAreClampedToTheScoreRange) {
  const Decision d = decide(5.0, -7.0, DecisionConfig{});
  EXPECT_DOUBLE_EQ(d.score, 0.4 * 1.0 + 0.6 * -1.0);
}

TEST(Decision, NonFiniteInputGivesNonFiniteScore) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(std::isfinite(decide(nan, 0.1, DecisionConfig{}).score));
  EXPECT_FALSE(std::isfinite(decide(0.1, nan, DecisionConfig{}).score));
}

}  // namespace
}  // namespace marketbench::recommend
