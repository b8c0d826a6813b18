#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "marketbench/core/stock_id.hpp"

namespace marketbench::market {

using core::StockId;  // 0 .. N-1 (core/stock_id.hpp)

// One day of one stock.
struct Bar {
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
};

// Read-only view of one stock's daily history, oldest day first. All five
// spans have the same length (the number of days). Views point into columnar
// storage (PriceStore) and stay valid until that storage grows.
struct OhlcvView {
  std::span<const double> open;
  std::span<const double> high;
  std::span<const double> low;
  std::span<const double> close;
  std::span<const double> volume;

  std::size_t days() const { return close.size(); }
  // The first `n` days (a history as of day n-1: nothing after it is visible).
  OhlcvView first(std::size_t n) const {
    return {open.first(n), high.first(n), low.first(n), close.first(n),
            volume.first(n)};
  }
};

}  // namespace marketbench::market
