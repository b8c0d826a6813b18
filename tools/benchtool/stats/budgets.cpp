#include "stats/budgets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/input_error.hpp"
#include "io/metric.hpp"
#include "io/printable.hpp"
#include "stats/stats.hpp"

namespace benchtool {
namespace {

bool holds(BudgetOp op, double measured, double limit) {
  const bool holds[] = {(measured < limit), (measured <= limit),
                        (measured == limit), (measured > limit),
                        (measured >= limit)};
  return holds[static_cast<std::size_t>(op)];
}

// The median of one metric of one benchmark, or why there is none.
struct MetricMedian {
  std::optional<double> value;
  std::size_t n = 0;
  std::string problem;  // set when value is empty
  std::string note;     // e.g. non-finite values left out
};

MetricMedian metric_median(const Results& results, const Benchmark& benchmark,
                           const std::string& metric) {
  MetricMedian out;
  std::vector<double> values =
      benchmark_samples(results, benchmark, metric).values;
  const std::size_t non_finite =
      std::erase_if(values, [](double v) { return !std::isfinite(v); });
  out.n = values.size();
  if (const Row* errored = first_errored_sample(results, benchmark)) {
    out.problem =
        fmt::format("errored: {}", printable(errored->error_message, 100));
  } else if (values.empty()) {
    out.problem = non_finite > 0
                      ? fmt::format("{} is NaN or infinite", metric)
                      : fmt::format("no {} in this benchmark", metric);
  } else {
    out.value = median(values);
    if (non_finite > 0)
      out.note = fmt::format("{} non-finite values left out", non_finite);
  }
  return out;
}

// A relative rule's reference: its median (in ns for a time), or why not.
struct Reference {
  std::string benchmark;
  MetricMedian median;
};

Reference resolve_reference(const Results& results, const RelativeTo& ref) {
  std::vector<const Benchmark*> matched;
  for (const Benchmark& benchmark : results.benchmarks) {
    if (ref.pattern.found_in(benchmark.name)) matched.push_back(&benchmark);
  }
  Reference out;
  const std::string pattern = printable(ref.pattern.text(), 80);
  if (matched.empty()) {
    out.median.problem = fmt::format("reference /{}/ matched nothing", pattern);
    return out;
  }
  if (matched.size() > 1) {
    std::string names;
    for (std::size_t i = 0; i < matched.size() && i < 4; ++i)
      names += (i ? ", " : "") + printable(matched[i]->name, 80);
    if (matched.size() > 4) names += ", ...";
    out.median.problem =
        fmt::format("reference /{}/ matched {} benchmarks, expected one: {}",
                    pattern, matched.size(), names);
    return out;
  }
  out.benchmark = matched.front()->name;
  out.median = metric_median(results, *matched.front(), ref.metric);
  if (!out.median.problem.empty())
    out.median.problem =
        fmt::format("reference {}: {}", out.benchmark, out.median.problem);
  return out;
}

// A time metric in nanoseconds (a relative rule may divide *_us by *_ns).
double in_ns_if_time(const std::string& metric, double v) {
  const double scale = metric_time_scale_ns(metric);
  return scale == 0 ? v : v * scale;
}

BudgetOutcome judge(const Results& results, const BudgetRule& rule,
                    const Benchmark& benchmark, const Reference* ref) {
  BudgetOutcome o;
  o.benchmark = benchmark.name;
  const MetricMedian own = metric_median(results, benchmark, rule.metric);
  o.n = own.n;
  if (ref) o.reference = ref->benchmark;
  if (!own.value) {
    o.reason = own.problem;
    return o;
  }
  if (!ref) {
    o.measured = own.value;
  } else {
    o.value = own.value;
    o.reference_value = ref->median.value;
    if (!ref->median.value) {
      o.reason = ref->median.problem;
      return o;
    }
    const double denominator =
        in_ns_if_time(rule.relative_to->metric, *ref->median.value);
    if (denominator == 0 || !std::isfinite(denominator)) {
      o.reason = fmt::format("reference {} {} is 0", ref->benchmark,
                             rule.relative_to->metric);
      return o;
    }
    o.measured = in_ns_if_time(rule.metric, *own.value) / denominator;
  }
  o.pass = holds(rule.op, *o.measured, rule.limit());
  o.reason = own.note;
  return o;
}

}  // namespace

CheckResult check_budgets(const Results& results,
                          const std::vector<BudgetRule>& rules) {
  CheckResult out;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const BudgetRule& rule = rules[r];
    std::optional<Reference> ref;
    if (rule.relative_to) ref = resolve_reference(results, *rule.relative_to);
    bool matched = false;
    for (const Benchmark& benchmark : results.benchmarks) {
      if (!rule.pattern.found_in(benchmark.name)) continue;
      matched = true;
      BudgetOutcome o = judge(results, rule, benchmark, ref ? &*ref : nullptr);
      o.rule = r;
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

CheckResult only_tier(const CheckResult& result,
                      const std::vector<BudgetRule>& rules,
                      const std::string& tier) {
  if (std::none_of(rules.begin(), rules.end(),
                   [&](const BudgetRule& r) { return r.tier == tier; }))
    throw InputError(
        fmt::format("--tier '{}': no rule has that tier", printable(tier)));
  CheckResult out;
  for (const BudgetOutcome& o : result.outcomes) {
    if (rules[o.rule].tier != tier) continue;
    if (!o.pass) ++out.failed;
    out.outcomes.push_back(o);
  }
  return out;
}

}  // namespace benchtool
