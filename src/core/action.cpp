#include "marketbench/core/action.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/enum_names.hpp"

namespace marketbench::core {

namespace {

constexpr auto kActionNames = enum_names<Action>(
    {{Action::kSell, "SELL"}, {Action::kHold, "HOLD"}, {Action::kBuy, "BUY"}},
    "UNKNOWN");

}  // namespace

std::string_view action_name(Action action) { return kActionNames(action); }

Action parse_action(std::string_view name) {
  if (const auto action = kActionNames.parse(name)) return *action;
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
