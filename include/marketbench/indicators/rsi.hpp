#pragma once

// Relative strength index with Wilder smoothing, TA-Lib semantics. Buffer and
// error conventions: see moving_average.hpp.

#include <cstddef>
#include <span>

#include "marketbench/indicators/output_range.hpp"

namespace marketbench::indicators {

// Lookback of RSI(period): period (one input is used up by the first change).
std::size_t rsi_lookback(std::size_t period);

// RSI in 0..100. The average gain and loss are seeded with the simple means of
// the first `period` changes, then smoothed as avg = (avg * (period - 1) + x) /
// period (evaluated as avg * ((period - 1) / period) + x / period, equal up
// to rounding). Where gain + loss is exactly 0 (a flat stretch) the output is
// 0. TA-Lib 0.4 zeroes below an absolute 1e-8 instead, which misreads cheap
// stocks; the two differ only when the average moves are that small.
OutputRange rsi(std::span<const double> in, std::size_t period,
                std::span<double> out);

}  // namespace marketbench::indicators
