#include "marketbench/recommend/rule_score.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace marketbench::recommend {
namespace {

void require_period(const char* name, std::size_t value, std::size_t minimum) {
  if (value < minimum) {
    throw std::invalid_argument(fmt::format(
        "RuleConfig: {} must be >= {} (got {})", name, minimum, value));
  }
}

void require_positive(const char* name, double value) {
  if (!(std::isfinite(value) && value > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "RuleConfig: {} must be finite and > 0 (got {})", name, value));
  }
}

void require_weight(const char* name, double value) {
  if (!(std::isfinite(value) && value >= 0.0)) {
    throw std::invalid_argument(fmt::format(
        "RuleConfig: {} must be finite and >= 0 (got {})", name, value));
  }
}

double weight_sum(const RuleConfig& c) {
  return c.rsi_weight + c.macd_weight + c.ma_cross_weight + c.bollinger_weight +
         c.momentum_weight;
}

// clamp() keeps NaN, so bad data still surfaces as a non-finite score.
double vote(double x) { return std::clamp(x, -1.0, 1.0); }

}  // namespace

void RuleConfig::validate() const {
  require_period("rsi_period", rsi_period, 2);
  require_period("fast_period", fast_period, 2);
  require_period("slow_period", slow_period, 2);
  require_period("bollinger_period", bollinger_period, 2);
  require_period("momentum_period", momentum_period, 1);
  if (fast_period >= slow_period) {
    throw std::invalid_argument(fmt::format(
        "RuleConfig: fast_period ({}) must be below slow_period ({})",
        fast_period, slow_period));
  }
  require_positive("bollinger_k", bollinger_k);
  require_positive("rsi_band", rsi_band);
  require_positive("macd_scale", macd_scale);
  require_positive("ma_cross_scale", ma_cross_scale);
  require_positive("momentum_scale", momentum_scale);
  require_weight("rsi_weight", rsi_weight);
  require_weight("macd_weight", macd_weight);
  require_weight("ma_cross_weight", ma_cross_weight);
  require_weight("bollinger_weight", bollinger_weight);
  require_weight("momentum_weight", momentum_weight);
  if (!(weight_sum(*this) > 0.0))
    throw std::invalid_argument("RuleConfig: the rule weights sum to zero");
  if (window < min_history()) {
    throw std::invalid_argument(fmt::format(
        "RuleConfig: window ({}) must cover the {} days the signals need",
        window, min_history()));
  }
}

std::size_t RuleConfig::min_history() const {
  // MACD(12, 26, 9) needs 26 + 9 - 1 days before its first histogram value.
  constexpr std::size_t kMacdDays = 34;
  return std::max({rsi_period + 1, slow_period, bollinger_period,
                   momentum_period + 1, kMacdDays});
}

SignalScores score_signals(const Signals& s, const RuleConfig& c) {
  SignalScores v;
  v.rsi = vote((50.0 - s.rsi) / c.rsi_band);
  v.macd = s.close != 0.0
               ? vote(std::tanh(s.macd_histogram / s.close / c.macd_scale))
               : 0.0;
  v.ma_cross =
      s.sma_slow != 0.0
          ? vote(std::tanh((s.sma_fast / s.sma_slow - 1.0) / c.ma_cross_scale))
          : 0.0;
  const double width = s.bollinger_upper - s.bollinger_lower;
  if (!std::isfinite(width)) {
    v.bollinger = std::numeric_limits<double>::quiet_NaN();
  } else if (width > 0.0) {
    v.bollinger = vote(1.0 - 2.0 * (s.close - s.bollinger_lower) / width);
  }
  v.momentum = vote(std::tanh(s.momentum / c.momentum_scale));
  return v;
}

double rule_score(const SignalScores& scores, const RuleConfig& config) {
  const double weighted = config.rsi_weight * scores.rsi +
                          config.macd_weight * scores.macd +
                          config.ma_cross_weight * scores.ma_cross +
                          config.bollinger_weight * scores.bollinger +
                          config.momentum_weight * scores.momentum;
  return vote(weighted / weight_sum(config));
}

}  // namespace marketbench::recommend
