#include "marketbench/core/action.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace marketbench::core {

std::string_view action_name(Action action) {
  switch (action) {
    case Action::kSell:
      return "SELL";
    case Action::kHold:
      return "HOLD";
    case Action::kBuy:
      return "BUY";
  }
  return "UNKNOWN";
}

Action parse_action(std::string_view name) {
  if (name == "SELL") return Action::kSell;
  if (name == "HOLD") return Action::kHold;
  if (name == "BUY") return Action::kBuy;
  throw std::invalid_argument(
      fmt::format("unknown action '{}' (expected SELL, HOLD or BUY)", name));
}

Action action_from_int(std::int64_t value) {
  if (value < 0 || value > 2) {
    throw std::invalid_argument(fmt::format(
        "action value {} out of range (0 SELL, 1 HOLD, 2 BUY)", value));
  }
  return static_cast<Action>(value);
}

}  // namespace marketbench::core
