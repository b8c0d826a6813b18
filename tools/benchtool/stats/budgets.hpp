#pragma once
// Performance budgets: limits on the median of a metric over repetitions,
// absolute or relative to another benchmark of the same file.
//
//   {"tiers": {"original": "...", "engineering": "..."},
//    "rules": [
//     {"tier": "original", "benchmark": "^BM_MlpInference/batch:1$",
//      "metric": "latency_p95_ns", "op": "<", "value": 200, "unit": "ms",
//      "target": "single inference p95 < 200 ms"},
//     {"tier": "engineering", "benchmark": "^BM_MlpInference/batch:128$",
//      "metric": "gflops", "op": ">=", "value": 0.5,
//      "relative_to": {"benchmark": "^BM_FmaPeak$", "metric": "gflops"}}
//   ]}
//
// `benchmark` is an ECMAScript regex searched in the benchmark name (anchor it
// with ^...$); `metric` defaults to real_time; `op` is <, <=, ==, > or >=;
// `unit`
// is optional: ns, us, ms, s for time metrics (real_time, cpu_time, *_ns, *_us,
// *_ms, *_seconds), B, KB, MB, GB for byte counters (1 KB = 1024 B), % for
// rates and fractions (*_rate, *_fraction: 0..1). Without a unit the value is
// in the metric's own unit (ns for times). `target` and `note` are free text.
// A rule that matches no benchmark fails.
//
// `relative_to` makes `value` a ratio: the median of the benchmark's metric is
// compared with value x the median of the reference's metric (metric defaults
// to real_time) in the same file. The reference regex must match exactly one
// benchmark, else every outcome of the rule fails naming what it matched. Two
// time metrics are compared in nanoseconds whatever their units; a time
// against a non-time is an error, and so is a `unit`. `tier` names one of the
// file's `tiers` (name -> description); a file without tiers has no tiers.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/name_pattern.hpp"
#include "io/results.hpp"

namespace benchtool {

enum class BudgetOp { kLess, kLessEqual, kEqual, kGreater, kGreaterEqual };
std::string_view to_string(BudgetOp op);

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
  double limit = 0;    // value * scale: in the metric's own unit, or a ratio
  std::string target;  // the original target this rule stands for
  std::string note;
  std::string tier;                       // empty when the file has no tiers
  std::optional<RelativeTo> relative_to;  // set: a relative rule
};

// Throws InputError naming the file (`label`) and the rule for bad JSON,
// unknown keys, a bad regex, operator or unit, a unit that does not fit the
// metric, or an undeclared tier.
std::vector<BudgetRule> parse_budgets(const nlohmann::json& doc,
                                      std::string_view label);
std::vector<BudgetRule> load_budgets(const std::string& path);

// Metric units per `unit` for `metric` (e.g. 1e6 for "ms" on latency_p95_ns,
// 0.01 for "%" on hit_rate); throws InputError (prefixed with `where`) when the
// unit does not fit the metric.
double budget_unit_scale(std::string_view unit, std::string_view metric,
                         std::string_view where);

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
