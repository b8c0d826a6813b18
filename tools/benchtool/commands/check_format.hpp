#pragma once
// Renderings of a budget check: text table, Markdown, JSON.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stats/budgets.hpp"

namespace benchtool {

std::string format_check_text(const CheckResult& result,
                              const std::vector<BudgetRule>& rules,
                              const std::string& results_path, bool color);
// One line per failed outcome, "FAIL rule 3 (engineering): BM_X metric
// <measured>, budget <budget> - <reason (target)>", or "" when all pass. The
// text format ends with these lines.
std::string format_check_failures(const CheckResult& result,
                                  const std::vector<BudgetRule>& rules);
std::string format_check_markdown(const CheckResult& result,
                                  const std::vector<BudgetRule>& rules,
                                  const std::string& results_path);
std::string format_check_json(const CheckResult& result,
                              const std::vector<BudgetRule>& rules,
                              const std::string& results_path);

}  // namespace benchtool
