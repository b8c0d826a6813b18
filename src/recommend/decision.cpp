#include "marketbench/recommend/decision.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace marketbench::recommend {

void DecisionConfig::validate() const {
  // Written as negations so that NaN fails every check.
  if (!(rule_weight >= 0.0 && rule_weight <= 1.0)) {
    throw std::invalid_argument(fmt::format(
        "DecisionConfig: rule_weight must be in [0, 1] (got {})", rule_weight));
  }
  if (!(sell_threshold > -1.0 && sell_threshold < 1.0)) {
    throw std::invalid_argument(fmt::format(
        "DecisionConfig: sell_threshold must be in (-1, 1) (got {})",
        sell_threshold));
  }
  if (!(buy_threshold > -1.0 && buy_threshold < 1.0)) {
    throw std::invalid_argument(
        fmt::format("DecisionConfig: buy_threshold must be in (-1, 1) (got {})",
                    buy_threshold));
  }
  if (!(sell_threshold < buy_threshold)) {
    throw std::invalid_argument(fmt::format(
        "DecisionConfig: sell_threshold ({}) must be below buy_threshold ({})",
        sell_threshold, buy_threshold));
  }
}

Decision decide(double rule_score, double ml_score,
                const DecisionConfig& config) {
  const double rule = std::clamp(rule_score, -1.0, 1.0);
  const double ml = std::clamp(ml_score, -1.0, 1.0);
  Decision d;
  d.score = config.rule_weight * rule + (1.0 - config.rule_weight) * ml;
  if (!std::isfinite(d.score)) {
    d.confidence = d.score;
    return d;
  }
  const double buy = config.buy_threshold;
  const double sell = config.sell_threshold;
  double margin = 0;
  if (d.score >= buy) {
    d.action = Action::kBuy;
    margin = (d.score - buy) / (1.0 - buy);
  } else if (d.score <= sell) {
    d.action = Action::kSell;
    margin = (sell - d.score) / (sell + 1.0);
  } else {
    d.action = Action::kHold;
    margin = std::min(d.score - sell, buy - d.score) / ((buy - sell) / 2.0);
  }
  const double agreement = 1.0 - std::abs(rule - ml) / 2.0;
  d.confidence = std::clamp(margin, 0.0, 1.0) * (0.5 + 0.5 * agreement);
  return d;
}

}  // namespace marketbench::recommend
