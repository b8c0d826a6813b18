#include "budgets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "input_error.hpp"
#include "json_file.hpp"
#include "printable.hpp"
#include "stats.hpp"
#include "units.hpp"

namespace benchtool {
namespace {

std::optional<BudgetOp> parse_op(std::string_view s) {
  if (s == "<") return BudgetOp::kLess;
  if (s == "<=") return BudgetOp::kLessEqual;
  if (s == ">") return BudgetOp::kGreater;
  if (s == ">=") return BudgetOp::kGreaterEqual;
  return std::nullopt;
}

bool holds(BudgetOp op, double measured, double limit) {
  switch (op) {
    case BudgetOp::kLess:
      return measured < limit;
    case BudgetOp::kLessEqual:
      return measured <= limit;
    case BudgetOp::kGreater:
      return measured > limit;
    case BudgetOp::kGreaterEqual:
      return measured >= limit;
  }
  return false;
}

bool is_fraction_metric(std::string_view m) {
  return m.ends_with("_rate") || m.ends_with("_fraction");
}

const std::string& string_member(const nlohmann::json& value,
                                 std::string_view where, std::string_view key) {
  if (!value.is_string()) {
    throw InputError(fmt::format("{}.{} is {}, expected a string", where, key,
                                 json_type_phrase(value)));
  }
  return value.get_ref<const std::string&>();
}

BudgetRule parse_rule(const nlohmann::json& entry, const std::string& where) {
  if (!entry.is_object())
    throw InputError(fmt::format("{} is {}, expected an object", where,
                                 json_type_phrase(entry)));
  BudgetRule rule;
  std::string pattern;
  bool have_pattern = false, have_op = false, have_value = false;
  for (const auto& [key, value] : entry.items()) {
    if (key == "benchmark") {
      pattern = string_member(value, where, key);
      have_pattern = true;
    } else if (key == "metric") {
      rule.metric = string_member(value, where, key);
      if (rule.metric.empty())
        throw InputError(fmt::format("{}.metric is empty", where));
    } else if (key == "op") {
      const std::string& op = string_member(value, where, key);
      const auto parsed = parse_op(op);
      if (!parsed)
        throw InputError(fmt::format(
            "{}.op is '{}', expected <, <=, > or >=", where, printable(op)));
      rule.op = *parsed;
      have_op = true;
    } else if (key == "value") {
      if (!value.is_number()) {
        throw InputError(fmt::format("{}.value is {}, expected a number", where,
                                     json_type_phrase(value)));
      }
      rule.value = value.get<double>();
      have_value = true;
    } else if (key == "unit") {
      rule.unit = string_member(value, where, key);
    } else if (key == "target") {
      rule.target = string_member(value, where, key);
    } else if (key == "note") {
      rule.note = string_member(value, where, key);
    } else {
      throw InputError(
          fmt::format("{}: unknown key '{}' (expected benchmark, metric, op, "
                      "value, unit, target, note)",
                      where, printable(key)));
    }
  }
  if (!have_pattern)
    throw InputError(fmt::format("{}: no \"benchmark\" regex", where));
  if (!have_op) throw InputError(fmt::format("{}: no \"op\"", where));
  if (!have_value) throw InputError(fmt::format("{}: no \"value\"", where));
  rule.pattern = NamePattern::compile(pattern, where + ".benchmark");
  rule.scale = budget_unit_scale(rule.unit, rule.metric, where);
  rule.limit = rule.value * rule.scale;
  return rule;
}

}  // namespace

std::string_view to_string(BudgetOp op) {
  switch (op) {
    case BudgetOp::kLess:
      return "<";
    case BudgetOp::kLessEqual:
      return "<=";
    case BudgetOp::kGreater:
      return ">";
    case BudgetOp::kGreaterEqual:
      return ">=";
  }
  return "?";
}

double budget_unit_scale(std::string_view unit, std::string_view metric,
                         std::string_view where) {
  if (unit.empty()) return 1;
  if (const auto ns = nanoseconds_per(unit)) {
    const double metric_ns = metric_time_scale_ns(metric);
    if (metric_ns == 0) {
      throw InputError(
          fmt::format("{}: unit '{}' is a time but metric '{}' is not (times "
                      "are real_time, cpu_time, "
                      "*_ns, *_us, *_ms, *_seconds)",
                      where, unit, printable(metric)));
    }
    return *ns / metric_ns;
  }
  constexpr std::pair<std::string_view, double> kBytes[] = {
      {"B", 1.0},
      {"KB", 1024.0},
      {"MB", 1024.0 * 1024},
      {"GB", 1024.0 * 1024 * 1024}};
  for (const auto& [name, bytes] : kBytes) {
    if (unit != name) continue;
    if (!is_bytes_metric(metric)) {
      throw InputError(
          fmt::format("{}: unit '{}' is a size but metric '{}' is not a byte "
                      "count (*bytes*)",
                      where, unit, printable(metric)));
    }
    return bytes;
  }
  if (unit == "%") {
    if (!is_fraction_metric(metric)) {
      throw InputError(fmt::format(
          "{}: unit '%' needs a 0..1 metric (*_rate, *_fraction), not '{}'",
          where, printable(metric)));
    }
    return 0.01;
  }
  throw InputError(
      fmt::format("{}.unit is '{}', expected ns, us, ms, s, B, KB, MB, GB or %",
                  where, printable(unit)));
}

std::vector<BudgetRule> parse_budgets(const nlohmann::json& doc,
                                      std::string_view label) {
  const std::string file = printable(label);
  if (!doc.is_object())
    throw InputError(fmt::format("{}: is {}, expected an object", file,
                                 json_type_phrase(doc)));
  for (const auto& [key, value] : doc.items()) {
    if (key != "rules" && key != "description") {
      throw InputError(fmt::format("{}: unknown key '{}' (expected \"rules\")",
                                   file, printable(key)));
    }
  }
  const auto it = doc.find("rules");
  if (it == doc.end() || !it->is_array())
    throw InputError(fmt::format("{}: no \"rules\" array", file));
  if (it->empty())
    throw InputError(fmt::format("{}: the \"rules\" array is empty", file));
  std::vector<BudgetRule> rules;
  for (std::size_t i = 0; i < it->size(); ++i) {
    rules.push_back(
        parse_rule((*it)[i], fmt::format("{}: rules[{}]", file, i)));
  }
  return rules;
}

std::vector<BudgetRule> load_budgets(const std::string& path) {
  return parse_budgets(read_json_file(path), path);
}

CheckResult check_budgets(const Results& results,
                          const std::vector<BudgetRule>& rules) {
  CheckResult out;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const BudgetRule& rule = rules[r];
    bool matched = false;
    for (const Benchmark& benchmark : results.benchmarks) {
      if (!rule.pattern.found_in(benchmark.name)) continue;
      matched = true;
      BudgetOutcome o;
      o.rule = r;
      o.benchmark = benchmark.name;
      std::vector<double> values =
          sample_values(results, benchmark, rule.metric);
      if (benchmark.samples.empty()) {
        if (const Row* median_row =
                find_aggregate(results, benchmark, "median")) {
          if (const auto v = median_row->metric(rule.metric))
            values.push_back(*v);
        }
      }
      const auto finite_end =
          std::remove_if(values.begin(), values.end(),
                         [](double v) { return !std::isfinite(v); });
      const auto non_finite = values.end() - finite_end;
      values.erase(finite_end, values.end());
      o.n = values.size();
      if (const Row* errored = first_errored_sample(results, benchmark)) {
        o.reason =
            fmt::format("errored: {}", printable(errored->error_message, 100));
      } else if (values.empty()) {
        o.reason = non_finite > 0
                       ? fmt::format("{} is NaN or infinite", rule.metric)
                       : fmt::format("no {} in this benchmark", rule.metric);
      } else {
        o.measured = median(values);
        o.pass = holds(rule.op, *o.measured, rule.limit);
        if (non_finite > 0)
          o.reason = fmt::format("{} non-finite values left out", non_finite);
      }
      if (!o.pass) ++out.failed;
      out.outcomes.push_back(std::move(o));
    }
    if (!matched) {
      BudgetOutcome o;
      o.rule = r;
      o.reason = "matched nothing";
      ++out.failed;
      out.outcomes.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace benchtool
