#pragma once
// The renderings of compare's and check's results: an aligned text table for
// terminals and logs, Markdown for pull-request comments and CI step summaries,
// and JSON for machines (schemas in docs/CI.md).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.hpp"
#include "stats/budgets.hpp"
#include "stats/compare.hpp"

namespace benchtool {

std::string format_comparison_text(const Comparison& comparison, bool color);
std::string format_comparison_markdown(const Comparison& comparison);
// `exit_code` is the one `benchtool compare` returns for it, recorded for CI
// scripts.
std::string format_comparison_json(const Comparison& comparison, int exit_code);

// One line per failed outcome, "FAIL rule 3 (engineering): BM_X metric
// <measured>, budget <budget> - <reason (target)>", or "" when all pass. The
// text format ends with these lines.
std::string format_check_failures(const CheckResult& result,
                                  const std::vector<BudgetRule>& rules);
std::string format_check_text(const CheckResult& result,
                              const std::vector<BudgetRule>& rules,
                              const std::string& results_path, bool color);
std::string format_check_markdown(const CheckResult& result,
                                  const std::vector<BudgetRule>& rules,
                                  const std::string& results_path);
std::string format_check_json(const CheckResult& result,
                              const std::vector<BudgetRule>& rules,
                              const std::string& results_path);

// Shared by the renderings: a JSON document as text (invalid UTF-8 replaced),
// a number or null, "12.3%" / "inf" / "-", and table cells without colour.
std::string json_text(const nlohmann::ordered_json& json);
nlohmann::ordered_json optional_json(const std::optional<double>& value);
std::string percent_or_dash(const std::optional<double>& fraction);
std::vector<Cell> plain_cells(std::vector<std::string> texts);

}  // namespace benchtool
