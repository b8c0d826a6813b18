#include "marketbench/indicators/rsi.hpp"

#include <algorithm>

#include "checks.hpp"

namespace marketbench::indicators {

std::size_t rsi_lookback(std::size_t period) {
  detail::check_period("rsi", "period", period);
  return period;
}

namespace {
double rsi_value(double gain, double loss) {
  const double total = gain + loss;
  return total == 0.0 ? 0.0 : 100.0 * (gain / total);
}
}  // namespace

OutputRange rsi(std::span<const double> in, std::size_t period,
                std::span<double> out) {
  const std::size_t lookback = rsi_lookback(period);
  const std::size_t count = output_count(in.size(), lookback);
  detail::check_output("rsi", "out", out, count);
  if (count == 0) return {};
  const double n = static_cast<double>(period);
  double gain = 0;
  double loss = 0;
  for (std::size_t i = 1; i <= period; ++i) {
    const double change = in[i] - in[i - 1];
    if (change < 0) {
      loss -= change;
    } else {
      gain += change;
    }
  }
  gain /= n;
  loss /= n;
  out[0] = rsi_value(gain, loss);
  // Wilder's avg = (avg * (n - 1) + x) / n as avg * keep + x * add: the
  // division sat on the loop-carried dependency and made RSI the slowest
  // indicator; the result differs from TA-Lib's by rounding only.
  const double keep = (n - 1) / n;
  const double add = 1 / n;
  for (std::size_t i = period + 1; i < in.size(); ++i) {
    // Branch-free: the sign of a day's change is unpredictable.
    const double change = in[i] - in[i - 1];
    gain = gain * keep + std::max(change, 0.0) * add;
    loss = loss * keep + std::max(-change, 0.0) * add;
    out[i - lookback] = rsi_value(gain, loss);
  }
  return {lookback, count};
}

}  // namespace marketbench::indicators
