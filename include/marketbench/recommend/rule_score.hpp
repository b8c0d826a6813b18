#pragma once

#include <cstddef>

namespace marketbench::recommend {

// The latest values of the indicators the rules read, for one stock and day.
struct Signals {
  double close = 0;            // the day's close
  double rsi = 50;             // RSI(rsi_period), 0..100
  double macd_histogram = 0;   // MACD(12, 26, 9) line - signal, in price units
  double sma_fast = 0;         // SMA(fast_period) of closes
  double sma_slow = 0;         // SMA(slow_period) of closes
  double bollinger_upper = 0;  // Bollinger(20, 2) bands
  double bollinger_lower = 0;
  double momentum = 0;  // close / close momentum_period days earlier - 1
};

// Each rule's vote, in [-1, 1]; positive is bullish.
struct SignalScores {
  double rsi = 0;        // mean reversion: oversold is bullish
  double macd = 0;       // histogram above zero is bullish
  double ma_cross = 0;   // fast average above slow average is bullish
  double bollinger = 0;  // close near the lower band is bullish
  double momentum = 0;   // recent gains are bullish
};

// Periods, scales and weights of the rules. A scale is the move that earns
// about three quarters of a full vote (tanh(1) = 0.76), so a typical day lands
// in the responsive middle of each rule rather than saturating.
struct RuleConfig {
  std::size_t rsi_period = 14;
  std::size_t fast_period = 20;
  std::size_t slow_period = 50;
  std::size_t bollinger_period = 20;
  double bollinger_k = 2.0;
  std::size_t momentum_period = 20;
  // Days the smoothed indicators (RSI, MACD) read, ending at the as-of day: a
  // fixed window keeps the cost per stock independent of how long the history
  // is, and their seeds have long washed out by its end.
  std::size_t window = 128;

  double rsi_band = 30;          // RSI 50 -/+ rsi_band is a full buy/sell vote
  double macd_scale = 0.005;     // histogram / close
  double ma_cross_scale = 0.02;  // sma_fast / sma_slow - 1
  double momentum_scale = 0.05;  // momentum return

  double rsi_weight = 0.20;
  double macd_weight = 0.25;
  double ma_cross_weight = 0.20;
  double bollinger_weight = 0.15;
  double momentum_weight = 0.20;

  // Throws std::invalid_argument naming the bad field: periods must be >= 2
  // (momentum >= 1), scales and rsi_band > 0 and finite, weights >= 0 with a
  // positive sum, window >= the lookbacks' needs.
  void validate() const;
  // Days of history the signals need: the longest lookback plus one.
  std::size_t min_history() const;
};

// Each rule's vote. A degenerate input (flat prices: zero band width or zero
// close) votes 0 rather than dividing by zero.
SignalScores score_signals(const Signals& signals, const RuleConfig& config);

// The weighted mean of the votes (weights normalised to sum 1), so the result
// is in [-1, 1]. Non-finite signals propagate to a non-finite score.
double rule_score(const SignalScores& scores, const RuleConfig& config);
inline double rule_score(const Signals& signals, const RuleConfig& config) {
  return rule_score(score_signals(signals, config), config);
}

}  // namespace marketbench::recommend
