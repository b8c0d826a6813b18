// The verdict rules of compare() (docs/CI.md, "Verdicts").

#include <fmt/format.h>

#include <cmath>

#include "stats/compare.hpp"

namespace benchtool {
namespace {

std::string percent(double fraction) {
  return fmt::format("{:.1f}%", fraction * 100);
}

std::string signed_percent(double fraction) {
  return fmt::format("{:+.1f}%", fraction * 100);
}

std::string p_text(double p) { return fmt::format("{:.3g}", p); }

// compare.py's rule on the change of the medians of pooled repetitions, when
// the change is not a significant one beyond the threshold.
void decide_pooled(MetricComparison& e, double alpha, double p, double worse) {
  if (p < alpha) {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("significant (p = {}) but within the {} threshold",
                           p_text(p), percent(e.threshold));
  } else if (std::fabs(worse) > e.threshold) {
    e.reason = fmt::format(
        "{} by {}, beyond the {} threshold, but not significant (p = {} >= "
        "alpha {})",
        worse > 0 ? "worse" : "better", percent(std::fabs(worse)),
        percent(e.threshold), p_text(p), alpha);
    const double min_p = min_attainable_p_value(e.base->n, e.next->n);
    if (min_p >= alpha) {
      e.reason += fmt::format(
          "; with n = {} and {} the smallest possible p is {}: use more "
          "repetitions",
          e.base->n, e.next->n, p_text(min_p));
    }
  } else {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("within the {} threshold (p = {})",
                           percent(e.threshold), p_text(p));
  }
}

// The rule on run values, when the change is not a significant one beyond the
// threshold: `unchanged` needs the interval at the test's level within it.
void decide_runs(MetricComparison& e, const CompareOptions& options,
                 double level, double p, const std::string& estimate) {
  const std::size_t runs = std::min(e.base->n, e.next->n);
  std::string claim;  // the claim interval, when stricter than the shown one
  if (level < options.alpha) {
    claim = e.claim_low && e.claim_high
                ? fmt::format(
                      "; {:.2f}% interval {} to {} at the level of "
                      "the test",
                      (1 - level) * 100, signed_percent(*e.claim_low),
                      signed_percent(*e.claim_high))
                : fmt::format("; no {:.2f}% interval at the level of the test",
                              (1 - level) * 100);
  }
  if (!e.mde || !std::isfinite(*e.mde)) {
    e.reason = fmt::format(
        "no change is detectable with {} runs per side (the U test cannot "
        "reach the level used); run more rounds: {}, p = {}",
        runs, estimate, p_text(p));
  } else if (*e.mde > e.threshold) {
    e.reason = fmt::format(
        "changes below {} are not detectable with {} runs per side; run more "
        "rounds or raise its threshold ({}): {}, p = {}",
        percent(*e.mde), runs, percent(e.threshold), estimate, p_text(p));
  } else if (e.claim_low && e.claim_high &&
             std::fabs(*e.claim_low) <= e.threshold &&
             std::fabs(*e.claim_high) <= e.threshold) {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("within the {} threshold: {}{}, p = {}",
                           percent(e.threshold), estimate, claim, p_text(p));
  } else {
    e.reason = fmt::format(
        "{}{} reaches beyond the {} threshold ({}, p = {})", estimate, claim,
        percent(e.threshold),
        p < options.alpha ? "significant" : "not significant", p_text(p));
  }
}

}  // namespace

void decide(MetricComparison& e, const CompareOptions& options,
            std::size_t tests) {
  const std::string notes = std::move(e.reason);
  const double level = test_level(options, tests);
  if (e.spread) {
    e.mde = minimal_detectable_effect(e.base->n, e.next->n, *e.spread, level,
                                      options.power);
  }
  const double p = e.adjusted_p.value_or(*e.p_value);
  const bool runs = e.unit == SampleUnit::kRuns;
  // Runs: the Hodges-Lehmann estimate; pooled repetitions: compare.py's change
  // of the medians.
  const std::optional<double> change = runs ? e.estimate : e.change;
  if (!change) {
    e.reason = fmt::format("no relative change: the BASE median is 0 (p = {})",
                           p_text(p));
  } else {
    const double worse =
        e.direction == Direction::kLowerIsBetter ? *change : -*change;
    std::string estimate;
    if (runs) {
      estimate = fmt::format("estimate {}", signed_percent(*e.estimate));
      if (e.interval_low && e.interval_high) {
        estimate += fmt::format(
            " ({:.0f}% interval {} to {})", (1 - options.alpha) * 100,
            signed_percent(*e.interval_low), signed_percent(*e.interval_high));
      }
    }
    if (p < options.alpha && std::fabs(worse) > e.threshold) {
      e.verdict = worse > 0 ? Verdict::kRegressed : Verdict::kImproved;
      e.reason = fmt::format("{} by {} (threshold {}){}, p = {}",
                             worse > 0 ? "worse" : "better",
                             percent(std::fabs(worse)), percent(e.threshold),
                             runs ? ", " + estimate : "", p_text(p));
    } else if (runs) {
      decide_runs(e, options, level, p, estimate);
    } else {
      decide_pooled(e, options.alpha, p, worse);
    }
  }
  if (e.adjusted_p) {
    e.reason += fmt::format(" [p Holm-adjusted over {} tests; raw p = {}]",
                            tests, p_text(*e.p_value));
  }
  if (!runs) e.reason += " [pooled repetitions: no run ids]";
  e.reason += notes;
}

}  // namespace benchtool
