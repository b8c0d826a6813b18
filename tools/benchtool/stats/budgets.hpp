#pragma once
// Checking budgets (stats/rules.hpp) against one results file: per rule and
// matching benchmark, the median over repetitions (for a relative rule, its
// ratio to the reference's median) against the limit. A rule that matches no
// benchmark fails; so does a relative rule whose reference regex does not match
// exactly one benchmark. Times are compared in nanoseconds whatever their
// units.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "io/results.hpp"
#include "stats/rules.hpp"

namespace benchtool {

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
