#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "marketbench/market/ohlcv.hpp"

namespace marketbench::market {

// Daily OHLCV history of a fixed set of stocks, stored by column: for each
// field one contiguous block, in which each stock owns a contiguous run of
// capacity_days() slots. A stock's history is therefore five plain arrays
// (what indicators and the feature extractor scan), and appending a day
// writes one slot per stock per field without moving anything until the
// capacity is exhausted (then every run doubles).
class PriceStore {
 public:
  // expected_days reserves room so that that many append_day() calls never
  // reallocate. Throws if stocks is 0.
  explicit PriceStore(std::size_t stocks, std::size_t expected_days = 0);

  std::size_t stocks() const { return stocks_; }
  std::size_t days() const { return days_; }
  std::size_t capacity_days() const { return capacity_; }
  void reserve_days(std::size_t days);

  // Appends the next day: one bar per stock, indexed by StockId. Throws if
  // bars.size() != stocks(). Invalidates OhlcvViews if it has to grow.
  void append_day(std::span<const Bar> bars);

  // The most recent bar of a stock. Throws if id >= stocks() or no day has
  // been appended. Inline: it is the hot path of quote serving.
  Bar latest(StockId id) const {
    if (id >= latest_limit_) [[unlikely]]
      throw_bad_latest(id);
    const std::size_t at = std::size_t{id} * capacity_ + (days_ - 1);
    return {columns_[kOpen][at], columns_[kHigh][at], columns_[kLow][at],
            columns_[kClose][at], columns_[kVolume][at]};
  }

  // Copies days [from_day, to_day) of a stock into out[0 .. to_day-from_day)
  // and returns that count. No allocation. Throws on a bad id, on
  // from_day > to_day or to_day > days(), and if out is too small.
  std::size_t range(StockId id, std::size_t from_day, std::size_t to_day,
                    std::span<Bar> out) const;

  // The whole history of a stock, oldest day first, as spans into the
  // columns (valid until the store grows). Throws if id >= stocks().
  OhlcvView history(StockId id) const;

 private:
  enum Field { kOpen, kHigh, kLow, kClose, kVolume, kFields };

  [[noreturn]] void throw_bad_latest(StockId id) const;
  void check_id(StockId id, const char* what) const;
  void grow_to(std::size_t capacity);

  std::size_t stocks_;
  std::size_t days_ = 0;
  std::size_t capacity_ = 0;
  // stocks_ once a day exists, else 0: latest() checks both with one compare.
  std::size_t latest_limit_ = 0;
  std::array<std::vector<double>, kFields> columns_;  // [id * capacity_ + day]
};

}  // namespace marketbench::market
