#pragma once

#include "marketbench/core/action.hpp"

namespace marketbench::recommend {

// The model's classes are the engine's actions: core::Action (SELL, HOLD,
// BUY) and core::action_name ("SELL", "HOLD", "BUY", the spelling stored in
// the results database).
using core::Action;
using core::action_name;

// How a rule score and an ML score become an action. The combined score is
// rule_weight * rule + (1 - rule_weight) * ml, so it stays in [-1, 1] when
// both inputs do. score >= buy_threshold is BUY, score <= sell_threshold is
// SELL, anything between is HOLD.
struct DecisionConfig {
  double rule_weight = 0.4;
  double buy_threshold = 0.15;
  double sell_threshold = -0.15;

  // Throws std::invalid_argument naming the bad field unless
  // 0 <= rule_weight <= 1 and -1 < sell_threshold < buy_threshold < 1.
  void validate() const;
};

struct Decision {
  Action action = Action::kHold;
  double score = 0;       // combined score in [-1, 1]
  double confidence = 0;  // in [0, 1]
};

// The ML score: P(BUY) - P(SELL), in [-1, 1] for a probability vector.
inline double ml_score(double p_sell, double p_buy) { return p_buy - p_sell; }

// Combines the two scores (each in [-1, 1]; out-of-range inputs are clamped)
// into an action and a confidence. Confidence is the margin by which the score
// clears its decision boundary, scaled to [0, 1] within the action's band
// (a BUY at +1 or a HOLD exactly between the thresholds has margin 1), times a
// factor in [0.5, 1] for how much the rule and the model agree (1 when equal,
// 0.5 when they are at opposite extremes): a decision the two sources dispute
// is worth less. Non-finite inputs give a non-finite score; callers check.
Decision decide(double rule_score, double ml_score,
                const DecisionConfig& config);

}  // namespace marketbench::recommend
