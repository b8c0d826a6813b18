#include "marketbench/market/market.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace marketbench::market {

Market::Market(std::vector<std::string> symbols)
    : symbols_(std::move(symbols)) {
  if (symbols_.empty()) {
    throw std::invalid_argument("Market: needs at least one symbol (got 0)");
  }
}

std::span<const Bar> Market::day(std::size_t d) const {
  if (d >= days_) {
    throw std::out_of_range(fmt::format(
        "Market: day {} out of range (market has {} days)", d, days_));
  }
  return std::span<const Bar>(bars_).subspan(d * stocks(), stocks());
}

std::span<const Bar> Market::latest_day() const {
  if (days_ == 0) throw std::out_of_range("Market: no day generated yet");
  return day(days_ - 1);
}

const Bar& Market::bar(StockId id, std::size_t d) const {
  if (id >= stocks()) {
    throw std::out_of_range(
        fmt::format("Market: stock id {} out of range (market has {} stocks)",
                    id, stocks()));
  }
  return day(d)[id];
}

void Market::append_day(std::span<const Bar> bars) {
  if (bars.size() != stocks()) {
    throw std::invalid_argument(
        fmt::format("Market::append_day: got {} bars for {} stocks",
                    bars.size(), stocks()));
  }
  bars_.insert(bars_.end(), bars.begin(), bars.end());
  ++days_;
}

void Market::reserve_days(std::size_t days) { bars_.reserve(days * stocks()); }

}  // namespace marketbench::market
