#include "check_format.hpp"

#include <fmt/format.h>

#include "table.hpp"
#include "units.hpp"

namespace benchtool {
namespace {

// A value in the rule's unit when it has one, so "12.5 ms < 200 ms" reads at a
// glance.
std::string in_rule_unit(const BudgetRule& rule, double value) {
  if (rule.unit.empty()) return format_metric_value(rule.metric, value);
  if (rule.unit == "%") return fmt::format("{:.4g}%", value / rule.scale);
  return fmt::format("{:.4g} {}", value / rule.scale, rule.unit);
}

std::string budget_text(const BudgetRule& rule) {
  return fmt::format("{} {}", to_string(rule.op),
                     in_rule_unit(rule, rule.limit));
}

std::string description(const BudgetRule& rule, const BudgetOutcome& o) {
  std::string text = !rule.target.empty() ? rule.target : rule.note;
  if (!o.reason.empty())
    text = text.empty() ? o.reason : fmt::format("{} ({})", o.reason, text);
  return text;
}

Table check_table(const CheckResult& result,
                  const std::vector<BudgetRule>& rules) {
  Table t;
  t.headers = {"Rule",   "Benchmark", "Metric", "Median",
               "Budget", "Result",    "Target"};
  t.align = {Align::kRight, Align::kLeft, Align::kLeft, Align::kRight,
             Align::kLeft,  Align::kLeft, Align::kLeft};
  for (const BudgetOutcome& o : result.outcomes) {
    const BudgetRule& rule = rules[o.rule];
    t.rows.push_back({
        {fmt::format("{}", o.rule), {}},
        {o.benchmark.empty() ? fmt::format("/{}/", rule.pattern.text())
                             : o.benchmark,
         {}},
        {rule.metric, {}},
        {o.measured ? in_rule_unit(rule, *o.measured) : "-", {}},
        {budget_text(rule), {}},
        {o.pass ? "pass" : "FAIL", o.pass ? kGreen : kBoldRed},
        {description(rule, o), {}},
    });
  }
  return t;
}

std::string summary(const CheckResult& result) {
  const std::size_t total = result.outcomes.size();
  return fmt::format("{} of {} checks passed, {} failed", total - result.failed,
                     total, result.failed);
}

}  // namespace

std::string format_check_text(const CheckResult& result,
                              const std::vector<BudgetRule>& rules,
                              const std::string& results_path, bool color) {
  return fmt::format("budgets for {}\n\n{}\n{}\n", results_path,
                     render_text(check_table(result, rules), color),
                     summary(result));
}

std::string format_check_markdown(const CheckResult& result,
                                  const std::vector<BudgetRule>& rules,
                                  const std::string& results_path) {
  return fmt::format("## benchtool check\n\n`{}`: **{}**\n\n{}", results_path,
                     summary(result),
                     render_markdown(check_table(result, rules)));
}

std::string format_check_json(const CheckResult& result,
                              const std::vector<BudgetRule>& rules,
                              const std::string& results_path) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["results"] = results_path;
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const BudgetOutcome& o : result.outcomes) {
    const BudgetRule& rule = rules[o.rule];
    nlohmann::ordered_json c;
    c["rule"] = o.rule;
    c["pattern"] = rule.pattern.text();
    c["benchmark"] = o.benchmark.empty() ? nlohmann::ordered_json(nullptr)
                                         : nlohmann::ordered_json(o.benchmark);
    c["metric"] = rule.metric;
    c["op"] = to_string(rule.op);
    c["value"] = rule.value;
    c["unit"] = rule.unit;
    c["limit"] = rule.limit;
    c["measured"] = o.measured ? nlohmann::ordered_json(*o.measured)
                               : nlohmann::ordered_json(nullptr);
    c["n"] = o.n;
    c["pass"] = o.pass;
    c["reason"] = o.reason;
    c["target"] = rule.target;
    c["note"] = rule.note;
    checks.push_back(std::move(c));
  }
  j["checks"] = std::move(checks);
  j["failed"] = result.failed;
  j["passed"] = result.outcomes.size() - result.failed;
  return j.dump(2, ' ', false,
                nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace benchtool
