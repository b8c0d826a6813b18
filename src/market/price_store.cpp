#include "marketbench/market/price_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace marketbench::market {

namespace {
constexpr std::size_t kMinGrowthDays = 16;
}  // namespace

PriceStore::PriceStore(std::size_t stocks, std::size_t expected_days)
    : stocks_(stocks) {
  if (stocks == 0) {
    throw std::invalid_argument("PriceStore: stocks must be > 0 (got 0)");
  }
  if (expected_days > 0) grow_to(expected_days);
}

void PriceStore::reserve_days(std::size_t days) {
  if (days > capacity_) grow_to(days);
}

void PriceStore::grow_to(std::size_t capacity) {
  if (capacity >
      std::numeric_limits<std::size_t>::max() / sizeof(double) / stocks_) {
    throw std::length_error(
        fmt::format("PriceStore: {} days x {} stocks does not fit in memory",
                    capacity, stocks_));
  }
  for (auto& column : columns_) {
    std::vector<double> grown(stocks_ * capacity);
    for (std::size_t s = 0; s < stocks_; ++s) {
      std::copy_n(column.begin() + static_cast<std::ptrdiff_t>(s * capacity_),
                  days_,
                  grown.begin() + static_cast<std::ptrdiff_t>(s * capacity));
    }
    column = std::move(grown);
  }
  capacity_ = capacity;
}

void PriceStore::append_day(std::span<const Bar> bars) {
  if (bars.size() != stocks_) {
    throw std::invalid_argument(
        fmt::format("PriceStore::append_day: got {} bars for {} stocks",
                    bars.size(), stocks_));
  }
  if (days_ == capacity_) grow_to(std::max(kMinGrowthDays, 2 * capacity_));
  double* open = columns_[kOpen].data();
  double* high = columns_[kHigh].data();
  double* low = columns_[kLow].data();
  double* close = columns_[kClose].data();
  double* volume = columns_[kVolume].data();
  for (std::size_t s = 0, at = days_; s < stocks_; ++s, at += capacity_) {
    open[at] = bars[s].open;
    high[at] = bars[s].high;
    low[at] = bars[s].low;
    close[at] = bars[s].close;
    volume[at] = bars[s].volume;
  }
  ++days_;
  latest_.assign(bars.begin(), bars.end());
}

void PriceStore::throw_bad_latest(StockId id) const {
  check_id(id, "latest");
  throw std::out_of_range(fmt::format(
      "PriceStore::latest: no day stored yet (asked for stock {})", id));
}

void PriceStore::check_id(StockId id, const char* what) const {
  if (id >= stocks_) {
    throw std::out_of_range(
        fmt::format("PriceStore::{}: stock id {} out of range (store has {} "
                    "stocks)",
                    what, id, stocks_));
  }
}

std::size_t PriceStore::range(StockId id, std::size_t from_day,
                              std::size_t to_day, std::span<Bar> out) const {
  check_id(id, "range");
  if (from_day > to_day || to_day > days_) {
    throw std::out_of_range(fmt::format(
        "PriceStore::range: days [{}, {}) invalid for stock {} (store has {} "
        "days)",
        from_day, to_day, id, days_));
  }
  const std::size_t count = to_day - from_day;
  if (out.size() < count) {
    throw std::invalid_argument(fmt::format(
        "PriceStore::range: output holds {} bars, days [{}, {}) need {}",
        out.size(), from_day, to_day, count));
  }
  const std::size_t base = std::size_t{id} * capacity_ + from_day;
  const double* open = columns_[kOpen].data() + base;
  const double* high = columns_[kHigh].data() + base;
  const double* low = columns_[kLow].data() + base;
  const double* close = columns_[kClose].data() + base;
  const double* volume = columns_[kVolume].data() + base;
  for (std::size_t i = 0; i < count; ++i) {
    out[i] = Bar{open[i], high[i], low[i], close[i], volume[i]};
  }
  return count;
}

OhlcvView PriceStore::history(StockId id) const {
  check_id(id, "history");
  const std::size_t base = std::size_t{id} * capacity_;
  const auto field = [&](Field f) {
    return std::span<const double>(columns_[f].data() + base, days_);
  };
  return {field(kOpen), field(kHigh), field(kLow), field(kClose),
          field(kVolume)};
}

}  // namespace marketbench::market
