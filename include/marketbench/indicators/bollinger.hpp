#pragma once

// Bollinger bands, TA-Lib semantics (simple moving average, population
// standard deviation). Buffer and error conventions: see moving_average.hpp.

#include <cstddef>
#include <span>

#include "marketbench/indicators/output_range.hpp"

namespace marketbench::indicators {

struct BollingerParams {
  std::size_t period = 20;
  double num_std =
      2.0;  // band distance in standard deviations, finite and >= 0
};

// Three parallel outputs; each needs output_count(n,
// bollinger_lookback(period)).
struct BollingerOutputs {
  std::span<double> upper;   // middle + num_std * stddev
  std::span<double> middle;  // SMA(period), equal to sma()
  std::span<double> lower;   // middle - num_std * stddev
};

// Lookback: period - 1.
std::size_t bollinger_lookback(std::size_t period);

OutputRange bollinger(std::span<const double> in, const BollingerParams& params,
                      const BollingerOutputs& out);

}  // namespace marketbench::indicators
