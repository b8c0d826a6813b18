#include "marketbench/indicators/bollinger.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "checks.hpp"
#include "rolling_moments.hpp"

namespace marketbench::indicators {

std::size_t bollinger_lookback(std::size_t period) {
  detail::check_period("bollinger", "period", period);
  return period - 1;
}

OutputRange bollinger(std::span<const double> in, const BollingerParams& params,
                      const BollingerOutputs& out) {
  const std::size_t lookback = bollinger_lookback(params.period);
  if (!std::isfinite(params.num_std) || params.num_std < 0) {
    throw std::invalid_argument(fmt::format(
        "bollinger: num_std = {} is invalid (must be finite and >= 0)",
        params.num_std));
  }
  const std::size_t count = output_count(in.size(), lookback);
  detail::check_output("bollinger", "upper", out.upper, count);
  detail::check_output("bollinger", "middle", out.middle, count);
  detail::check_output("bollinger", "lower", out.lower, count);
  if (count == 0) return {};

  const double n = static_cast<double>(params.period);
  detail::RollingMoments moments(params.period);
  // The middle band is the running-sum SMA so that it matches sma() exactly.
  double total = 0;
  for (std::size_t i = 0; i < lookback; ++i) {
    total += in[i];
    moments.add(in[i]);
  }
  for (std::size_t i = lookback; i < in.size(); ++i) {
    total += in[i];
    if (i == lookback) {
      moments.add(in[i]);
    } else {
      moments.replace(in[i - params.period], in[i]);
    }
    const double middle = total / n;
    const double band = params.num_std * std::sqrt(moments.m2() / n);
    const std::size_t j = i - lookback;
    out.upper[j] = middle + band;
    out.middle[j] = middle;
    out.lower[j] = middle - band;
    total -= in[i - lookback];
  }
  return {lookback, count};
}

}  // namespace marketbench::indicators
