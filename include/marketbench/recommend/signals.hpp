#pragma once

#include <vector>

#include "marketbench/market/ohlcv.hpp"
#include "marketbench/recommend/rule_score.hpp"

namespace marketbench::recommend {

// Indicator output buffers, reused from stock to stock (one per thread): after
// the first stock, computing signals allocates nothing.
struct SignalScratch {
  std::vector<double> buffer;
};

// The rules' inputs as of the last day of `history`, from the indicators
// component: RSI and MACD over the last config.window closes (or all of them
// when fewer), SMAs, Bollinger bands and momentum over exactly their periods.
// Throws std::invalid_argument naming the day count when history is shorter
// than config.min_history().
Signals compute_signals(const market::OhlcvView& history,
                        const RuleConfig& config, SignalScratch& scratch);

}  // namespace marketbench::recommend
