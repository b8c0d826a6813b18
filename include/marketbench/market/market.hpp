#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "marketbench/market/ohlcv.hpp"

namespace marketbench::market {

// A generated universe: the ticker of every stock and its daily bars, stored
// day-major (all stocks of day 0, then day 1, ...) because it is produced and
// consumed one day at a time. StockId i is symbols()[i] and day(d)[i].
class Market {
 public:
  // Throws if symbols is empty.
  explicit Market(std::vector<std::string> symbols);

  std::size_t stocks() const { return symbols_.size(); }
  std::size_t days() const { return days_; }
  std::span<const std::string> symbols() const { return symbols_; }

  // The bars of day d, indexed by StockId. Throws if d >= days().
  std::span<const Bar> day(std::size_t d) const;
  // The most recent day. Throws if there is none yet.
  std::span<const Bar> latest_day() const;
  // Throws if id >= stocks() or d >= days().
  const Bar& bar(StockId id, std::size_t d) const;

  // Appends one day: bars.size() must equal stocks().
  void append_day(std::span<const Bar> bars);
  void reserve_days(std::size_t days);

 private:
  std::vector<std::string> symbols_;
  std::vector<Bar> bars_;  // bars_[d * stocks() + id]
  std::size_t days_ = 0;
};

}  // namespace marketbench::market
