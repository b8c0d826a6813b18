#include "marketbench/recommend/signals.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <stdexcept>

#include "marketbench/indicators/bollinger.hpp"
#include "marketbench/indicators/macd.hpp"
#include "marketbench/indicators/moving_average.hpp"
#include "marketbench/indicators/returns.hpp"
#include "marketbench/indicators/rsi.hpp"

namespace marketbench::recommend {
namespace {

// The last value an indicator wrote (callers pass inputs longer than its
// lookback, so there is one).
double last(std::span<const double> out, const indicators::OutputRange& range) {
  return out[range.count - 1];
}

}  // namespace

Signals compute_signals(const market::OhlcvView& history,
                        const RuleConfig& config, SignalScratch& scratch) {
  const std::size_t days = history.days();
  if (days < config.min_history()) {
    throw std::invalid_argument(
        fmt::format("compute_signals: {} days of history, the signals need {}",
                    days, config.min_history()));
  }
  const std::span<const double> closes =
      history.close.last(std::min(days, config.window));
  const std::size_t n = closes.size();
  scratch.buffer.resize(3 * n);
  const std::span<double> buf(scratch.buffer);
  const std::span<double> a = buf.subspan(0, n);
  const std::span<double> b = buf.subspan(n, n);
  const std::span<double> c = buf.subspan(2 * n, n);

  Signals s;
  s.close = closes.back();
  s.rsi = last(a, indicators::rsi(closes, config.rsi_period, a));

  const auto macd =
      indicators::macd(closes, indicators::MacdParams{}, {a, b, c});
  s.macd_histogram = last(c, macd);

  // The plain averages need exactly their own period: one output each.
  s.sma_fast = last(a, indicators::sma(closes.last(config.fast_period),
                                       config.fast_period, a));
  s.sma_slow = last(a, indicators::sma(closes.last(config.slow_period),
                                       config.slow_period, a));

  const auto bands = indicators::bollinger(
      closes.last(config.bollinger_period),
      {config.bollinger_period, config.bollinger_k}, {a, b, c});
  s.bollinger_upper = last(a, bands);
  s.bollinger_lower = last(c, bands);

  s.momentum =
      last(a, indicators::returns(closes.last(config.momentum_period + 1),
                                  config.momentum_period, a));
  return s;
}

}  // namespace marketbench::recommend
