#pragma once

// Simple and exponential moving averages with TA-Lib semantics.
//
// Every indicator in this component reads a whole series and writes its
// defined values into a caller buffer (never allocates): out[i] belongs to
// input index range.begin + i, where begin is the lookback (the number of
// leading inputs without an output). Buffers must hold at least
// output_count(in.size(), lookback) values and must not overlap the input.
// A period of 0 or a too small buffer throws std::invalid_argument naming the
// value.

#include <cstddef>
#include <span>

#include "marketbench/indicators/output_range.hpp"

namespace marketbench::indicators {

// Lookback of SMA(period): period - 1.
std::size_t sma_lookback(std::size_t period);

// Arithmetic mean of the last `period` inputs.
OutputRange sma(std::span<const double> in, std::size_t period,
                std::span<double> out);

// Lookback of EMA(period): period - 1.
std::size_t ema_lookback(std::size_t period);

// EMA with k = 2 / (period + 1), seeded with the SMA of the first `period`
// inputs (TA-Lib's default compatibility), so the first output equals that SMA.
OutputRange ema(std::span<const double> in, std::size_t period,
                std::span<double> out);

}  // namespace marketbench::indicators
