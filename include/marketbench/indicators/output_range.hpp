#pragma once

#include <cstddef>

namespace marketbench::indicators {

// Which part of the input an indicator's output covers, as TA-Lib reports it:
// out[i] is the value at input index begin + i (outBegIdx), and count values
// were written (outNBElement). An input no longer than the lookback yields
// {0, 0}: nothing written.
struct OutputRange {
  std::size_t begin = 0;
  std::size_t count = 0;
  friend bool operator==(const OutputRange&, const OutputRange&) = default;
};

// Number of values an indicator with this lookback writes for n inputs: the
// size the caller's output buffer needs.
constexpr std::size_t output_count(std::size_t n, std::size_t lookback) {
  return n > lookback ? n - lookback : 0;
}

}  // namespace marketbench::indicators
