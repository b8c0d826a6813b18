#pragma once
// The two rule files benchtool reads (formats in docs/CI.md):
// - thresholds (`compare --thresholds`): per-benchmark regression thresholds,
//   {"thresholds": [{"benchmark": REGEX, "metric": M, "threshold": "15%",
//   "note": ...}]}; the first rule whose regex is found in the name and whose
//   metric (if given) matches wins.
// - budgets (`check --budgets`): limits on the median of a metric, absolute or
//   relative to another benchmark of the same file, in tiers:
//   {"tiers": {NAME: DESCRIPTION}, "rules": [{"tier", "benchmark", "metric",
//   "op", "value", "unit", "relative_to": {"benchmark", "metric"}, "target",
//   "note"}]}.
// Regexes are ECMAScript, searched in the name. Every reader throws InputError
// naming the file and the rule for bad JSON, unknown keys, bad regexes and
// values.
// check_budgets: per rule and matching benchmark, the median over repetitions
// (for a relative rule, its ratio to the reference's median, times in ns
// whatever their units) against the limit. A rule that matches no benchmark
// fails; so does a relative rule whose reference does not match exactly one.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/name_pattern.hpp"
#include "io/results.hpp"

namespace benchtool {

struct ThresholdRule {
  NamePattern pattern;
  std::string metric;  // empty: every metric
  double threshold = 0.05;
  std::string note;
};

// "5%" -> 0.05 and "0.05" -> 0.05 (a bare number is a fraction). Throws
// InputError naming `what` and the text for anything else, or for a negative or
// non-finite value.
double parse_threshold(std::string_view text, std::string_view what);

std::vector<ThresholdRule> load_thresholds(const std::string& path);

// The threshold of the first matching rule, or nullopt.
std::optional<double> find_threshold(const std::vector<ThresholdRule>& rules,
                                     const std::string& name,
                                     std::string_view metric);

enum class BudgetOp { kLess, kLessEqual, kEqual, kGreater, kGreaterEqual };
std::string_view to_string(BudgetOp op);  // "<", "<=", "==", ">", ">="

struct RelativeTo {
  NamePattern pattern;
  std::string metric = "real_time";
};

struct BudgetRule {
  NamePattern pattern;
  std::string metric = "real_time";
  BudgetOp op = BudgetOp::kLess;
  double value = 0;    // as written (a ratio for a relative rule)
  std::string unit;    // as written, may be empty
  double scale = 1;    // metric units per `unit`
  std::string target;  // the original target this rule stands for
  std::string note;
  std::string tier;                       // empty when the file has no tiers
  std::optional<RelativeTo> relative_to;  // set: a relative rule

  // In the metric's own unit, or a ratio.
  double limit() const { return value * scale; }
};

// `label` names the file in messages. Also rejects a unit that does not fit
// the metric, an undeclared tier, a relative rule with a unit or that divides
// a time by a non-time. Units are scaled to the metric's (e.g. 1e6 for "ms" on
// latency_p95_ns, 0.01 for "%" on hit_rate).
std::vector<BudgetRule> parse_budgets(const nlohmann::json& doc,
                                      std::string_view label);
std::vector<BudgetRule> load_budgets(const std::string& path);

struct BudgetOutcome {
  std::size_t rule = 0;   // index into the rules
  std::string benchmark;  // empty when the rule matched nothing
  // The median over repetitions, in the metric's unit; for a relative rule the
  // ratio of `value` to `reference_value`.
  std::optional<double> measured;
  std::size_t n = 0;  // values the median is over
  bool pass = false;
  std::string reason;  // why it failed (or a note), empty for a plain pass
  // Relative rules only: the benchmark's own median, the reference benchmark
  // (empty unless exactly one matched) and its median.
  std::optional<double> value;
  std::string reference;
  std::optional<double> reference_value;
};

struct CheckResult {
  std::vector<BudgetOutcome> outcomes;  // rule order, then benchmark order
  std::size_t failed = 0;
};

CheckResult check_budgets(const Results& results,
                          const std::vector<BudgetRule>& rules);

// The outcomes of the rules of one tier (rule numbers stay the file's);
// throws InputError when no rule has that tier.
CheckResult only_tier(const CheckResult& result,
                      const std::vector<BudgetRule>& rules,
                      const std::string& tier);

}  // namespace benchtool
