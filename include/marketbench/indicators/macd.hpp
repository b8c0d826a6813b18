#pragma once

// Moving average convergence/divergence, TA-Lib semantics. Buffer and error
// conventions: see moving_average.hpp.

#include <cstddef>
#include <span>

#include "marketbench/indicators/output_range.hpp"

namespace marketbench::indicators {

struct MacdParams {
  std::size_t fast = 12;
  std::size_t slow = 26;
  std::size_t signal = 9;
};

// Three parallel outputs; each needs output_count(n, macd_lookback(params)).
struct MacdOutputs {
  std::span<double> macd;       // EMA(fast) - EMA(slow)
  std::span<double> signal;     // EMA(signal) of the MACD line
  std::span<double> histogram;  // macd - signal
};

// Lookback: (slow - 1) + (signal - 1); 33 for (12, 26, 9).
// Throws unless 1 <= fast < slow and signal >= 1.
std::size_t macd_lookback(const MacdParams& params);

// Both EMAs are seeded with SMAs that end on the same bar, slow - 1: the fast
// seed covers the `fast` bars ending there, not the first `fast` bars (as
// TA-Lib does). The MACD line starts at bar slow - 1; the signal is seeded with
// the SMA of its first `signal` values, so the first output is at the lookback.
OutputRange macd(std::span<const double> in, const MacdParams& params,
                 const MacdOutputs& out);

}  // namespace marketbench::indicators
