#include "marketbench/indicators/moving_average.hpp"

#include "checks.hpp"

namespace marketbench::indicators {

std::size_t sma_lookback(std::size_t period) {
  detail::check_period("sma", "period", period);
  return period - 1;
}

OutputRange sma(std::span<const double> in, std::size_t period,
                std::span<double> out) {
  const std::size_t lookback = sma_lookback(period);
  const std::size_t count = output_count(in.size(), lookback);
  detail::check_output("sma", "out", out, count);
  if (count == 0) return {};
  // Running sum, as TA-Lib does: one add and one subtract per output.
  double total = 0;
  for (std::size_t i = 0; i < lookback; ++i) total += in[i];
  const double n = static_cast<double>(period);
  for (std::size_t i = lookback; i < in.size(); ++i) {
    total += in[i];
    out[i - lookback] = total / n;
    total -= in[i - lookback];
  }
  return {lookback, count};
}

std::size_t ema_lookback(std::size_t period) {
  detail::check_period("ema", "period", period);
  return period - 1;
}

OutputRange ema(std::span<const double> in, std::size_t period,
                std::span<double> out) {
  const std::size_t lookback = ema_lookback(period);
  const std::size_t count = output_count(in.size(), lookback);
  detail::check_output("ema", "out", out, count);
  if (count == 0) return {};
  const double k = 2.0 / (static_cast<double>(period) + 1.0);
  double seed = 0;
  for (std::size_t i = 0; i < period; ++i) seed += in[i];
  double value = seed / static_cast<double>(period);
  out[0] = value;
  for (std::size_t i = period; i < in.size(); ++i) {
    // TA-Lib's form of value + k * (x - value); kept for bit-level agreement.
    value = ((in[i] - value) * k) + value;
    out[i - lookback] = value;
  }
  return {lookback, count};
}

}  // namespace marketbench::indicators
