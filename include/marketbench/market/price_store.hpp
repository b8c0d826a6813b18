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
  const Bar& latest(StockId id) const {
    if (id >= latest_.size()) [[unlikely]]
      throw_bad_latest(id);
    return latest_[id];
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
  std::array<std::vector<double>, kFields> columns_;  // [id * capacity_ + day]
  // A row copy of the last day. Reading the last slot of every column run
  // would touch a page per stock or two (one TLB miss per lookup at thousands
  // of stocks); this is N contiguous bars. Empty until the first day, so
  // latest() checks the id and "no day yet" with one compare.
  std::vector<Bar> latest_;
};

}  // namespace marketbench::market
