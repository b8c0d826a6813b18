#include <fmt/format.h>

#include <cmath>
#include <set>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/metric.hpp"
#include "io/printable.hpp"
#include "io/results.hpp"
#include "stats/budgets.hpp"

namespace benchtool {
namespace {

using nlohmann::json;

// In the order of BudgetOp.
constexpr std::string_view kOpNames[] = {"<", "<=", "==", ">", ">="};

// The checks every field of a rule file goes through, named as in the file.

void require_object(const json& value, std::string_view where) {
  if (!value.is_object())
    throw InputError(fmt::format("{} is {}, expected an object", where,
                                 json_type_phrase(value)));
}

void require(bool present, std::string_view where, std::string_view what) {
  if (!present) throw InputError(fmt::format("{}: no {}", where, what));
}

[[noreturn]] void unknown_key(std::string_view where, std::string_view key,
                              std::string_view expected) {
  throw InputError(fmt::format("{}: unknown key '{}' (expected {})", where,
                               printable(key), expected));
}

const std::string& string_member(const json& value, std::string_view where,
                                 std::string_view key) {
  if (!value.is_string()) {
    throw InputError(fmt::format("{}.{} is {}, expected a string", where, key,
                                 json_type_phrase(value)));
  }
  return value.get_ref<const std::string&>();
}

std::string metric_member(const json& value, std::string_view where,
                          std::string_view key) {
  std::string metric = string_member(value, where, key);
  if (metric.empty())
    throw InputError(fmt::format("{}.{} is empty", where, key));
  return metric;
}

// A rule file's top-level keys must be in `keys` (`expected` lists them).
void check_keys(const json& doc, const std::string& file,
                const std::set<std::string>& keys, std::string_view expected) {
  require_object(doc, file + ":");
  for (const auto& [name, value] : doc.items()) {
    if (!keys.contains(name)) unknown_key(file, name, expected);
  }
}

const json& rule_array(const json& doc, const std::string& file,
                       const char* key) {
  const auto it = doc.find(key);
  require(it != doc.end() && it->is_array(), file,
          fmt::format("\"{}\" array", key));
  return *it;
}

double threshold_member(const json& value, const std::string& where) {
  if (value.is_string()) {
    return parse_threshold(value.get_ref<const std::string&>(),
                           where + ".threshold");
  }
  if (!value.is_number()) {
    throw InputError(fmt::format("{}.threshold is {}, expected \"5%\" or 0.05",
                                 where, json_type_phrase(value)));
  }
  const double threshold = value.get<double>();
  if (!std::isfinite(threshold) || threshold < 0) {
    throw InputError(fmt::format("{}.threshold is {}, expected a fraction >= 0",
                                 where, value.dump()));
  }
  return threshold;
}

ThresholdRule parse_threshold_rule(const json& entry,
                                   const std::string& where) {
  require_object(entry, where);
  ThresholdRule rule;
  std::optional<std::string> pattern;
  std::optional<double> threshold;
  for (const auto& [key, value] : entry.items()) {
    if (key == "benchmark") {
      pattern = string_member(value, where, key);
    } else if (key == "metric" || key == "note") {
      (key == "metric" ? rule.metric : rule.note) =
          string_member(value, where, key);
    } else if (key == "threshold") {
      threshold = threshold_member(value, where);
    } else {
      unknown_key(where, key, "benchmark, metric, threshold, note");
    }
  }
  require(pattern.has_value(), where, "\"benchmark\" regex");
  require(threshold.has_value(), where, "\"threshold\"");
  rule.threshold = *threshold;
  rule.pattern = NamePattern::compile(*pattern, where + ".benchmark");
  return rule;
}

RelativeTo parse_relative_to(const json& value, const std::string& where) {
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
      unknown_key(where, key, "benchmark, metric");
    }
  }
  require(have_pattern, where, "\"benchmark\" regex");
  return ref;
}

BudgetOp op_member(const json& value, const std::string& where) {
  const std::string& op = string_member(value, where, "op");
  for (std::size_t i = 0; i < std::size(kOpNames); ++i) {
    if (op == kOpNames[i]) return static_cast<BudgetOp>(i);
  }
  throw InputError(fmt::format(
      "{}.op is '{}', expected <, <=, ==, > or >=", where, printable(op)));
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

// Metric units per `unit` for `metric` (e.g. 1e6 for "ms" on latency_p95_ns,
// 0.01 for "%" on hit_rate); throws InputError when the unit does not fit.
double unit_scale(std::string_view unit, std::string_view metric,
                  std::string_view where) {
  if (unit.empty()) return 1;
  if (const auto ns = nanoseconds_per(unit)) {
    const double metric_ns = metric_time_scale_ns(metric);
    if (metric_ns == 0) {
      throw InputError(
          fmt::format("{}: unit '{}' is a time but metric '{}' is not (times "
                      "are real_time, cpu_time, *_ns, *_us, *_ms, *_seconds)",
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

BudgetRule parse_budget_rule(const json& entry, const std::string& where,
                             const std::set<std::string>& tiers) {
  require_object(entry, where);
  BudgetRule rule;
  std::optional<std::string> pattern;
  bool have_op = false, have_value = false;
  for (const auto& [key, value] : entry.items()) {
    if (key == "benchmark") {
      pattern = string_member(value, where, key);
    } else if (key == "metric") {
      rule.metric = metric_member(value, where, key);
    } else if (key == "op") {
      rule.op = op_member(value, where);
      have_op = true;
    } else if (key == "value") {
      if (!value.is_number()) {
        throw InputError(fmt::format("{}.value is {}, expected a number", where,
                                     json_type_phrase(value)));
      }
      rule.value = value.get<double>();
      have_value = true;
    } else if (key == "relative_to") {
      rule.relative_to = parse_relative_to(value, where + ".relative_to");
    } else if (key == "unit" || key == "target" || key == "note" ||
               key == "tier") {
      (key == "unit"     ? rule.unit
       : key == "target" ? rule.target
       : key == "note"   ? rule.note
                         : rule.tier) = string_member(value, where, key);
    } else {
      unknown_key(where, key,
                  "benchmark, metric, op, value, unit, relative_to, tier, "
                  "target, note");
    }
  }
  require(pattern.has_value(), where, "\"benchmark\" regex");
  require(have_op, where, "\"op\"");
  require(have_value, where, "\"value\"");
  if (!rule.tier.empty() && !tiers.contains(rule.tier))
    throw InputError(fmt::format("{}.tier '{}' is not one of the file's tiers",
                                 where, printable(rule.tier)));
  rule.pattern = NamePattern::compile(*pattern, where + ".benchmark");
  if (rule.relative_to) check_relative(rule, where);
  rule.scale = unit_scale(rule.unit, rule.metric, where);
  return rule;
}

}  // namespace

double parse_threshold(std::string_view text, std::string_view what) {
  const bool percent = text.ends_with('%');
  const auto value = parse_number(text.substr(0, text.size() - percent));
  if (!value || *value < 0) {
    throw InputError(
        fmt::format("{}: '{}' is not a threshold (write 5% or 0.05)", what,
                    printable(text)));
  }
  return percent ? *value / 100 : *value;
}

std::vector<ThresholdRule> load_thresholds(const std::string& path) {
  const json doc = read_json_file(path);
  const std::string file = printable(path);
  check_keys(doc, file, {"thresholds", "description"}, "\"thresholds\"");
  const json& array = rule_array(doc, file, "thresholds");
  std::vector<ThresholdRule> rules;
  for (std::size_t i = 0; i < array.size(); ++i) {
    rules.push_back(parse_threshold_rule(
        array[i], fmt::format("{}: thresholds[{}]", file, i)));
  }
  return rules;
}

std::optional<double> find_threshold(const std::vector<ThresholdRule>& rules,
                                     const std::string& name,
                                     std::string_view metric) {
  for (const ThresholdRule& rule : rules) {
    if ((rule.metric.empty() || rule.metric == metric) &&
        rule.pattern.found_in(name))
      return rule.threshold;
  }
  return std::nullopt;
}

std::string_view to_string(BudgetOp op) {
  return kOpNames[static_cast<std::size_t>(op)];
}

std::vector<BudgetRule> parse_budgets(const json& doc, std::string_view label) {
  const std::string file = printable(label);
  check_keys(doc, file, {"rules", "description", "tiers"},
             "rules, tiers, description");
  std::set<std::string> tiers;
  if (const auto it = doc.find("tiers"); it != doc.end()) {
    require_object(*it, file + ": tiers");
    for (const auto& [name, description] : it->items()) {
      string_member(description, file + ": tiers", name);
      tiers.insert(name);
    }
  }
  const json& array = rule_array(doc, file, "rules");
  if (array.empty())
    throw InputError(fmt::format("{}: the \"rules\" array is empty", file));
  std::vector<BudgetRule> rules;
  for (std::size_t i = 0; i < array.size(); ++i) {
    rules.push_back(parse_budget_rule(
        array[i], fmt::format("{}: rules[{}]", file, i), tiers));
  }
  return rules;
}

std::vector<BudgetRule> load_budgets(const std::string& path) {
  return parse_budgets(read_json_file(path), path);
}

}  // namespace benchtool
