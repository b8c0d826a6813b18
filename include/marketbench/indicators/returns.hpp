#pragma once

// Simple returns and rolling volatility. Buffer and error conventions: see
// moving_average.hpp.

#include <cstddef>
#include <span>

#include "marketbench/indicators/output_range.hpp"

namespace marketbench::indicators {

// Lookback of returns(horizon): horizon.
std::size_t returns_lookback(std::size_t horizon);

// in[i] / in[i - horizon] - 1 (TA-Lib's ROCP); 0 where in[i - horizon] is 0.
OutputRange returns(std::span<const double> in, std::size_t horizon,
                    std::span<double> out);

// Lookback of volatility(period): period (period one-bar returns need period +
// 1 prices). Throws unless period >= 2.
std::size_t volatility_lookback(std::size_t period);

// Sample standard deviation (divisor period - 1) of the last `period` one-bar
// simple returns, per bar (not annualised: multiply by sqrt(252) for daily
// bars).
OutputRange volatility(std::span<const double> in, std::size_t period,
                       std::span<double> out);

}  // namespace marketbench::indicators
