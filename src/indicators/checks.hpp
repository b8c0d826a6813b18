#pragma once

// Parameter checks shared by the indicator implementations (internal header).

#include <fmt/format.h>

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>

namespace marketbench::indicators::detail {

inline void check_period(std::string_view indicator, std::string_view name,
                         std::size_t value, std::size_t minimum = 1) {
  if (value < minimum) {
    throw std::invalid_argument(
        fmt::format("{}: {} = {} is invalid (must be at least {})", indicator,
                    name, value, minimum));
  }
}

inline void check_output(std::string_view indicator, std::string_view name,
                         std::span<double> out, std::size_t needed) {
  if (out.size() < needed) {
    throw std::invalid_argument(
        fmt::format("{}: output buffer '{}' holds {} values but {} are needed",
                    indicator, name, out.size(), needed));
  }
}

}  // namespace marketbench::indicators::detail
