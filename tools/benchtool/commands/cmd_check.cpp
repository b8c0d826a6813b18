// benchtool check RESULTS.json --budgets FILE [--tier NAME]: budgets on
// medians, absolute or relative to another benchmark of the run, and the
// renderings of the outcome.

#include <fmt/format.h>

#include <map>
#include <memory>

#include "commands/commands.hpp"
#include "commands/format.hpp"
#include "io/metric.hpp"
#include "io/table.hpp"

namespace benchtool {
namespace {

// A value in the rule's unit when it has one, so "12.5 ms < 200 ms" reads at a
// glance.
std::string in_rule_unit(const BudgetRule& rule, double value) {
  if (rule.unit.empty()) return format_metric_value(rule.metric, value);
  if (rule.unit == "%") return fmt::format("{:.4g}%", value / rule.scale);
  return fmt::format("{:.4g} {}", value / rule.scale, rule.unit);
}

std::string ratio_text(double ratio) { return fmt::format("{:.3g}x", ratio); }

// The measured median, or for a relative rule the ratio with both medians.
std::string measured_text(const BudgetRule& rule, const BudgetOutcome& o) {
  if (!rule.relative_to)
    return o.measured ? in_rule_unit(rule, *o.measured) : "-";
  if (!o.measured) return "-";
  return fmt::format("{} ({} / {})", ratio_text(*o.measured),
                     format_metric_value(rule.metric, o.value.value_or(0)),
                     format_metric_value(rule.relative_to->metric,
                                         o.reference_value.value_or(0)));
}

std::string budget_text(const BudgetRule& rule) {
  if (rule.relative_to) {
    const std::string& ref_metric = rule.relative_to->metric;
    return fmt::format(
        "{} {} {}{}", to_string(rule.op), ratio_text(rule.limit()),
        rule.relative_to->pattern.text(),
        ref_metric == rule.metric ? "" : fmt::format(" {}", ref_metric));
  }
  return fmt::format("{} {}", to_string(rule.op),
                     in_rule_unit(rule, rule.limit()));
}

std::string benchmark_text(const BudgetRule& rule, const BudgetOutcome& o) {
  return o.benchmark.empty() ? fmt::format("/{}/", rule.pattern.text())
                             : o.benchmark;
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
  t.headers = {"Rule",   "Tier",   "Benchmark", "Metric",
               "Median", "Budget", "Result",    "Target"};
  t.align = {Align::kRight, Align::kLeft, Align::kLeft, Align::kLeft,
             Align::kRight, Align::kLeft, Align::kLeft, Align::kLeft};
  for (const BudgetOutcome& o : result.outcomes) {
    const BudgetRule& rule = rules[o.rule];
    t.rows.push_back(plain_cells({fmt::format("{}", o.rule),
                                  rule.tier.empty() ? "-" : rule.tier,
                                  benchmark_text(rule, o), rule.metric,
                                  measured_text(rule, o), budget_text(rule)}));
    t.rows.back().push_back(
        {o.pass ? "pass" : "FAIL", o.pass ? kGreen : kBoldRed});
    t.rows.back().push_back({description(rule, o), {}});
  }
  return t;
}

// "original: 19 of 19 passed; engineering: 20 of 21 passed" when the rules
// have tiers, in order of first appearance.
std::string tier_summary(const CheckResult& result,
                         const std::vector<BudgetRule>& rules) {
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::size_t, std::size_t>> counts;
  for (const BudgetOutcome& o : result.outcomes) {
    const std::string& tier = rules[o.rule].tier;
    if (tier.empty()) continue;
    if (!counts.contains(tier)) order.push_back(tier);
    auto& [passed, total] = counts[tier];
    passed += o.pass ? 1 : 0;
    ++total;
  }
  std::string out;
  for (const std::string& tier : order) {
    out += fmt::format("{}{}: {} of {} passed", out.empty() ? "" : "; ", tier,
                       counts[tier].first, counts[tier].second);
  }
  return out;
}

std::string summary(const CheckResult& result,
                    const std::vector<BudgetRule>& rules) {
  const std::size_t total = result.outcomes.size();
  std::string out = fmt::format("{} of {} checks passed, {} failed",
                                total - result.failed, total, result.failed);
  const std::string tiers = tier_summary(result, rules);
  return tiers.empty() ? out : fmt::format("{} ({})", out, tiers);
}

nlohmann::ordered_json relative_json(const BudgetRule& rule,
                                     const BudgetOutcome& o) {
  if (!rule.relative_to) return nullptr;
  nlohmann::ordered_json j;
  j["pattern"] = rule.relative_to->pattern.text();
  j["metric"] = rule.relative_to->metric;
  j["benchmark"] = o.reference.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(o.reference);
  j["value"] = optional_json(o.value);
  j["reference_value"] = optional_json(o.reference_value);
  return j;
}

}  // namespace

std::string format_check_failures(const CheckResult& result,
                                  const std::vector<BudgetRule>& rules) {
  std::string out;
  for (const BudgetOutcome& o : result.outcomes) {
    if (o.pass) continue;
    const BudgetRule& rule = rules[o.rule];
    const std::string why = description(rule, o);
    out += fmt::format("FAIL rule {}{}: {} {} {}, budget {}{}\n", o.rule,
                       rule.tier.empty() ? "" : fmt::format(" ({})", rule.tier),
                       benchmark_text(rule, o), rule.metric,
                       measured_text(rule, o), budget_text(rule),
                       why.empty() ? "" : " - " + why);
  }
  return out;
}

std::string format_check_text(const CheckResult& result,
                              const std::vector<BudgetRule>& rules,
                              const std::string& results_path, bool color) {
  return fmt::format("budgets for {}\n\n{}\n{}\n{}", results_path,
                     render_text(check_table(result, rules), color),
                     summary(result, rules),
                     format_check_failures(result, rules));
}

std::string format_check_markdown(const CheckResult& result,
                                  const std::vector<BudgetRule>& rules,
                                  const std::string& results_path) {
  return fmt::format("## benchtool check\n\n`{}`: **{}**\n\n{}", results_path,
                     summary(result, rules),
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
    checks.push_back({{"rule", o.rule},
                      {"tier", rule.tier},
                      {"pattern", rule.pattern.text()},
                      {"benchmark", o.benchmark.empty()
                                        ? nlohmann::ordered_json(nullptr)
                                        : nlohmann::ordered_json(o.benchmark)},
                      {"metric", rule.metric},
                      {"op", to_string(rule.op)},
                      {"value", rule.value},
                      {"unit", rule.unit},
                      {"limit", rule.limit()},
                      {"measured", optional_json(o.measured)},
                      {"n", o.n},
                      {"relative_to", relative_json(rule, o)},
                      {"pass", o.pass},
                      {"reason", o.reason},
                      {"target", rule.target},
                      {"note", rule.note}});
  }
  j["checks"] = std::move(checks);
  j["failed"] = result.failed;
  j["passed"] = result.outcomes.size() - result.failed;
  return json_text(j);
}

void add_check_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string results, budgets, tier;
    OutputOptions out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command =
      app.add_subcommand("check",
                         "Check the median of each budgeted metric against its "
                         "limit. Exit 0 all pass, 1 any fails (including "
                         "a rule that matched nothing), 2 bad input");
  command
      ->add_option("RESULTS", args->results,
                   "Results file (Google Benchmark JSON)")
      ->required();
  command
      ->add_option("--budgets", args->budgets,
                   "Budgets file, e.g. bench/budgets.json")
      ->required();
  command->add_option("--tier", args->tier,
                      "Check only the rules of this tier (e.g. original)");
  add_output_options(*command, args->out);
  command->callback([args, &exit_code] {
    const std::vector<BudgetRule> rules = load_budgets(args->budgets);
    const Results results = load_results(args->results);
    CheckResult result = check_budgets(results, rules);
    if (!args->tier.empty()) result = only_tier(result, rules, args->tier);
    const std::string& path = results.path;
    emit_output(args->out, [&](std::string_view format, bool color) {
      return format == "json" ? format_check_json(result, rules, path)
             : format == "markdown"
                 ? format_check_markdown(result, rules, path)
                 : format_check_text(result, rules, path, color);
    });
    exit_code = result.failed > 0 ? 1 : 0;
  });
}

}  // namespace benchtool
