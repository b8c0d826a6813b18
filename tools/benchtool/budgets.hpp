#pragma once
// Performance budgets: absolute limits on the median of a metric over
// repetitions.
//
//   {"rules": [
//     {"benchmark": "^BM_MlpInference/batch:1$", "metric": "latency_p95_ns",
//     "op": "<",
//      "value": 200, "unit": "ms", "target": "single inference p95 < 200 ms"}
//   ]}
//
// `benchmark` is an ECMAScript regex searched in the benchmark name (anchor it
// with ^...$); `metric` defaults to real_time; `op` is <, <=, > or >=; `unit`
// is optional: ns, us, ms, s for time metrics (real_time, cpu_time, *_ns, *_us,
// *_ms, *_seconds), B, KB, MB, GB for byte counters (1 KB = 1024 B), % for
// rates and fractions (*_rate, *_fraction: 0..1). Without a unit the value is
// in the metric's own unit (ns for times). `target` and `note` are free text. A
// rule that matches no benchmark fails.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "name_pattern.hpp"
#include "results.hpp"

namespace benchtool {

enum class BudgetOp { kLess, kLessEqual, kGreater, kGreaterEqual };
std::string_view to_string(BudgetOp op);

struct BudgetRule {
  NamePattern pattern;
  std::string metric = "real_time";
  BudgetOp op = BudgetOp::kLess;
  double value = 0;    // as written
  std::string unit;    // as written, may be empty
  double scale = 1;    // metric units per `unit`
  double limit = 0;    // value * scale: in the metric's own unit
  std::string target;  // the original target this rule stands for
  std::string note;
};

// Throws InputError naming the file (`label`) and the rule for bad JSON,
// unknown keys, a bad regex, operator or unit, or a unit that does not fit the
// metric.
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
  std::optional<double>
      measured;       // median over repetitions, in the metric's unit
  std::size_t n = 0;  // values the median is over
  bool pass = false;
  std::string reason;  // why it failed (or a note), empty for a plain pass
};

struct CheckResult {
  std::vector<BudgetOutcome> outcomes;  // rule order, then benchmark order
  std::size_t failed = 0;
};

CheckResult check_budgets(const Results& results,
                          const std::vector<BudgetRule>& rules);

}  // namespace benchtool
