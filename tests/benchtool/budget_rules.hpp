#pragma once
// Budget rules from JSON text, for the budgets tests.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/input_error.hpp"
#include "stats/budgets.hpp"

namespace benchtool::testing {

inline std::vector<BudgetRule> rules(const std::string& json) {
  return parse_budgets(nlohmann::json::parse(json), "b.json");
}

// The InputError message the rules give, or "" when they parse.
inline std::string rules_error(const std::string& json) {
  try {
    rules(json);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace benchtool::testing
