// Reading a budgets file (budgets.hpp): rules, relative references, tiers.

#include <fmt/format.h>

#include <set>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/metric.hpp"
#include "io/printable.hpp"
#include "stats/budgets.hpp"

namespace benchtool {
namespace {

// In the order of BudgetOp.
constexpr std::string_view kOpNames[] = {"<", "<=", "==", ">", ">="};

std::optional<BudgetOp> parse_op(std::string_view s) {
  for (std::size_t i = 0; i < std::size(kOpNames); ++i) {
    if (s == kOpNames[i]) return static_cast<BudgetOp>(i);
  }
  return std::nullopt;
}

const std::string& string_member(const nlohmann::json& value,
                                 std::string_view where, std::string_view key) {
  if (!value.is_string()) {
    throw InputError(fmt::format("{}.{} is {}, expected a string", where, key,
                                 json_type_phrase(value)));
  }
  return value.get_ref<const std::string&>();
}

std::string metric_member(const nlohmann::json& value, std::string_view where,
                          std::string_view key) {
  std::string metric = string_member(value, where, key);
  if (metric.empty())
    throw InputError(fmt::format("{}.{} is empty", where, key));
  return metric;
}

void require_object(const nlohmann::json& value, std::string_view where) {
  if (!value.is_object())
    throw InputError(fmt::format("{} is {}, expected an object", where,
                                 json_type_phrase(value)));
}

RelativeTo parse_relative_to(const nlohmann::json& value,
                             const std::string& where) {
  require_object(value, where);
  RelativeTo ref;
  bool have_pattern = false;
  for (const auto& [key, member] : value.items()) {
    if (key == "benchmark") {
      ref.pattern = NamePattern::compile(string_member(member, where, key),
                                         where + ".benchmark");
      have_pattern = true;
    } else if (key == "metric") {
      ref.metric = metric_member(member, where, key);
    } else {
      throw InputError(
          fmt::format("{}: unknown key '{}' (expected benchmark, metric)",
                      where, printable(key)));
    }
  }
  if (!have_pattern)
    throw InputError(fmt::format("{}: no \"benchmark\" regex", where));
  return ref;
}

// What parse_rule has seen so far.
struct RuleFields {
  BudgetRule rule;
  std::string pattern;
  bool have_pattern = false, have_op = false, have_value = false;
};

void parse_op_member(const nlohmann::json& value, const std::string& where,
                     RuleFields& f) {
  const std::string& op = string_member(value, where, "op");
  const auto parsed = parse_op(op);
  if (!parsed)
    throw InputError(fmt::format(
        "{}.op is '{}', expected <, <=, ==, > or >=", where, printable(op)));
  f.rule.op = *parsed;
  f.have_op = true;
}

void parse_value_member(const nlohmann::json& value, const std::string& where,
                        RuleFields& f) {
  if (!value.is_number()) {
    throw InputError(fmt::format("{}.value is {}, expected a number", where,
                                 json_type_phrase(value)));
  }
  f.rule.value = value.get<double>();
  f.have_value = true;
}

void parse_member(const std::string& key, const nlohmann::json& value,
                  const std::string& where, RuleFields& f) {
  BudgetRule& rule = f.rule;
  if (key == "benchmark") {
    f.pattern = string_member(value, where, key);
    f.have_pattern = true;
  } else if (key == "metric") {
    rule.metric = metric_member(value, where, key);
  } else if (key == "op") {
    parse_op_member(value, where, f);
  } else if (key == "value") {
    parse_value_member(value, where, f);
  } else if (key == "unit") {
    rule.unit = string_member(value, where, key);
  } else if (key == "target") {
    rule.target = string_member(value, where, key);
  } else if (key == "note") {
    rule.note = string_member(value, where, key);
  } else if (key == "tier") {
    rule.tier = string_member(value, where, key);
  } else if (key == "relative_to") {
    rule.relative_to = parse_relative_to(value, where + ".relative_to");
  } else {
    throw InputError(
        fmt::format("{}: unknown key '{}' (expected benchmark, metric, op, "
                    "value, unit, relative_to, tier, target, note)",
                    where, printable(key)));
  }
}

// A relative rule: a ratio has no unit, and a time divides only by a time.
void check_relative(const BudgetRule& rule, const std::string& where) {
  if (!rule.unit.empty())
    throw InputError(fmt::format(
        "{}: a relative rule's value is a ratio and takes no unit", where));
  const bool time = metric_time_scale_ns(rule.metric) != 0;
  const bool ref_time = metric_time_scale_ns(rule.relative_to->metric) != 0;
  if (time != ref_time)
    throw InputError(fmt::format(
        "{}: metric '{}' and relative_to.metric '{}' must both be times or "
        "both not",
        where, printable(rule.metric), printable(rule.relative_to->metric)));
}

BudgetRule parse_rule(const nlohmann::json& entry, const std::string& where,
                      const std::set<std::string>& tiers) {
  require_object(entry, where);
  RuleFields f;
  for (const auto& [key, value] : entry.items())
    parse_member(key, value, where, f);
  if (!f.have_pattern)
    throw InputError(fmt::format("{}: no \"benchmark\" regex", where));
  if (!f.have_op) throw InputError(fmt::format("{}: no \"op\"", where));
  if (!f.have_value) throw InputError(fmt::format("{}: no \"value\"", where));
  if (!f.rule.tier.empty() && !tiers.contains(f.rule.tier))
    throw InputError(fmt::format("{}.tier '{}' is not one of the file's tiers",
                                 where, printable(f.rule.tier)));
  BudgetRule rule = std::move(f.rule);
  rule.pattern = NamePattern::compile(f.pattern, where + ".benchmark");
  if (rule.relative_to) check_relative(rule, where);
  rule.scale = budget_unit_scale(rule.unit, rule.metric, where);
  rule.limit = rule.value * rule.scale;
  return rule;
}

std::set<std::string> parse_tiers(const nlohmann::json& doc,
                                  const std::string& file) {
  std::set<std::string> names;
  const auto it = doc.find("tiers");
  if (it == doc.end()) return names;
  require_object(*it, file + ": tiers");
  for (const auto& [name, description] : it->items()) {
    string_member(description, file + ": tiers", name);
    names.insert(name);
  }
  return names;
}

}  // namespace

std::string_view to_string(BudgetOp op) {
  return kOpNames[static_cast<std::size_t>(op)];
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
    if (key != "rules" && key != "description" && key != "tiers") {
      throw InputError(
          fmt::format("{}: unknown key '{}' (expected rules, tiers, "
                      "description)",
                      file, printable(key)));
    }
  }
  const std::set<std::string> tiers = parse_tiers(doc, file);
  const auto it = doc.find("rules");
  if (it == doc.end() || !it->is_array())
    throw InputError(fmt::format("{}: no \"rules\" array", file));
  if (it->empty())
    throw InputError(fmt::format("{}: the \"rules\" array is empty", file));
  std::vector<BudgetRule> rules;
  for (std::size_t i = 0; i < it->size(); ++i) {
    rules.push_back(
        parse_rule((*it)[i], fmt::format("{}: rules[{}]", file, i), tiers));
  }
  return rules;
}

std::vector<BudgetRule> load_budgets(const std::string& path) {
  return parse_budgets(read_json_file(path), path);
}

}  // namespace benchtool
