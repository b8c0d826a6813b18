#include "marketbench/indicators/returns.hpp"

#include <cmath>

#include "checks.hpp"
#include "rolling_moments.hpp"

namespace marketbench::indicators {

namespace {
double simple_return(double from, double to) {
  return from == 0.0 ? 0.0 : to / from - 1.0;
}
}  // namespace

std::size_t returns_lookback(std::size_t horizon) {
  detail::check_period("returns", "horizon", horizon);
  return horizon;
}

OutputRange returns(std::span<const double> in, std::size_t horizon,
                    std::span<double> out) {
  const std::size_t lookback = returns_lookback(horizon);
  const std::size_t count = output_count(in.size(), lookback);
  detail::check_output("returns", "out", out, count);
  for (std::size_t i = lookback; i < in.size(); ++i) {
    out[i - lookback] = simple_return(in[i - horizon], in[i]);
  }
  return count == 0 ? OutputRange{} : OutputRange{lookback, count};
}

std::size_t volatility_lookback(std::size_t period) {
  detail::check_period("volatility", "period", period, 2);
  return period;
}

OutputRange volatility(std::span<const double> in, std::size_t period,
                       std::span<double> out) {
  const std::size_t lookback = volatility_lookback(period);
  const std::size_t count = output_count(in.size(), lookback);
  detail::check_output("volatility", "out", out, count);
  if (count == 0) return {};
  detail::RollingMoments moments(period);
  for (std::size_t i = 1; i < period; ++i)
    moments.add(simple_return(in[i - 1], in[i]));
  const double divisor = static_cast<double>(period - 1);
  for (std::size_t i = period; i < in.size(); ++i) {
    const double r = simple_return(in[i - 1], in[i]);
    if (i == period) {
      moments.add(r);
    } else {
      moments.replace(simple_return(in[i - period - 1], in[i - period]), r);
    }
    out[i - lookback] = std::sqrt(moments.m2() / divisor);
  }
  return {lookback, count};
}

}  // namespace marketbench::indicators
