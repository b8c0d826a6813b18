#pragma once

// The platform's three recommendations. One type for every layer: the model's
// output classes (ml, in output-unit order), the engine's decisions
// (recommend) and the results database's stored integer (store).

#include <cstdint>
#include <string_view>

namespace marketbench::core {

// The order SELL < HOLD < BUY is the bullishness, the model's output-unit
// order and the integer stored in the results database.
enum class Action : std::uint8_t { kSell = 0, kHold = 1, kBuy = 2 };

// "SELL", "HOLD", "BUY" (the spelling stored in the results database).
std::string_view action_name(Action action);
// The inverse of action_name (exact, upper case); throws
// std::invalid_argument naming the text otherwise.
Action parse_action(std::string_view name);
// From the stored integer; throws std::invalid_argument naming the value
// unless it is 0, 1 or 2.
Action action_from_int(std::int64_t value);

}  // namespace marketbench::core
