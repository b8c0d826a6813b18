#include "marketbench/indicators/macd.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "checks.hpp"

namespace marketbench::indicators {

std::size_t macd_lookback(const MacdParams& params) {
  detail::check_period("macd", "fast", params.fast);
  detail::check_period("macd", "signal", params.signal);
  if (params.slow <= params.fast) {
    throw std::invalid_argument(
        fmt::format("macd: slow = {} must be greater than fast = {}",
                    params.slow, params.fast));
  }
  return (params.slow - 1) + (params.signal - 1);
}

OutputRange macd(std::span<const double> in, const MacdParams& params,
                 const MacdOutputs& out) {
  const std::size_t lookback = macd_lookback(params);
  const std::size_t count = output_count(in.size(), lookback);
  detail::check_output("macd", "macd", out.macd, count);
  detail::check_output("macd", "signal", out.signal, count);
  detail::check_output("macd", "histogram", out.histogram, count);
  if (count == 0) return {};

  // One pass with three running EMAs, so no temporary series is needed.
  const std::size_t seed_end = params.slow - 1;
  double slow_sum = 0;
  double fast_sum = 0;
  for (std::size_t i = 0; i <= seed_end; ++i) {
    slow_sum += in[i];
    if (i + params.fast > seed_end) fast_sum += in[i];
  }
  double slow = slow_sum / static_cast<double>(params.slow);
  double fast = fast_sum / static_cast<double>(params.fast);
  const double k_slow = 2.0 / (static_cast<double>(params.slow) + 1.0);
  const double k_fast = 2.0 / (static_cast<double>(params.fast) + 1.0);
  const double k_signal = 2.0 / (static_cast<double>(params.signal) + 1.0);

  double signal_sum = 0;
  double signal = 0;
  for (std::size_t i = seed_end; i < in.size(); ++i) {
    if (i > seed_end) {
      fast = ((in[i] - fast) * k_fast) + fast;
      slow = ((in[i] - slow) * k_slow) + slow;
    }
    const double line = fast - slow;
    if (i < lookback) {
      signal_sum += line;
      continue;
    }
    if (i == lookback) {
      signal = (signal_sum + line) / static_cast<double>(params.signal);
    } else {
      signal = ((line - signal) * k_signal) + signal;
    }
    const std::size_t j = i - lookback;
    out.macd[j] = line;
    out.signal[j] = signal;
    out.histogram[j] = line - signal;
  }
  return {lookback, count};
}

}  // namespace marketbench::indicators
