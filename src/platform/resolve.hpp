#pragma once

// Helpers shared by the request handlers (internal to src/platform).

#include <fmt/format.h>

#include <cstddef>
#include <optional>
#include <string_view>

#include "marketbench/market/symbol_index.hpp"
#include "marketbench/platform/response.hpp"

namespace marketbench::platform::detail {

inline market::StockId resolve(const market::SymbolIndex& index,
                               std::string_view symbol) {
  const std::optional<market::StockId> id = index.find(symbol);
  if (!id) {
    throw RequestError(Status::kNotFound,
                       fmt::format("unknown symbol '{}'", symbol));
  }
  return *id;
}

inline void check_count(std::string_view what, std::size_t value,
                        std::size_t min, std::size_t max) {
  if (value < min || value > max) {
    throw RequestError(
        Status::kBadRequest,
        fmt::format("{} must be in [{}, {}] (got {})", what, min, max, value));
  }
}

// A window of returns needs window + 1 days of closes.
inline void check_window(std::size_t window, std::size_t days) {
  check_count("window", window, 2, kMaxWindowDays);
  if (window + 1 > days) {
    throw RequestError(
        Status::kUnavailable,
        fmt::format("a window of {} returns needs {} days of history, {} "
                    "are stored",
                    window, window + 1, days));
  }
}

}  // namespace marketbench::platform::detail
