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

// compare.py's rule on the change of the medians of pooled repetitions.
void decide_pooled(MetricComparison& e, const CompareOptions& options,
                   std::size_t n_base, std::size_t n_next) {
  const double change = *e.change;
  const double p = e.adjusted_p.value_or(*e.p_value);
  const double worse =
      e.direction == Direction::kLowerIsBetter ? change : -change;
  if (p < options.alpha && std::fabs(worse) > e.threshold) {
    e.verdict = worse > 0 ? Verdict::kRegressed : Verdict::kImproved;
    e.reason = fmt::format(
        "{} by {} (threshold {}), p = {}", worse > 0 ? "worse" : "better",
        percent(std::fabs(worse)), percent(e.threshold), p_text(p));
  } else if (p < options.alpha) {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("significant (p = {}) but within the {} threshold",
                           p_text(p), percent(e.threshold));
  } else if (std::fabs(change) > e.threshold) {
    e.reason = fmt::format(
        "{} by {}, beyond the {} threshold, but not significant (p = {} >= "
        "alpha {})",
        worse > 0 ? "worse" : "better", percent(std::fabs(change)),
        percent(e.threshold), p_text(p), options.alpha);
    const double min_p = min_attainable_p_value(n_base, n_next);
    if (min_p >= options.alpha) {
      e.reason += fmt::format(
          "; with n = {} and {} the smallest possible p is {}: use more "
          "repetitions",
          n_base, n_next, p_text(min_p));
    }
  } else {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("within the {} threshold (p = {})",
                           percent(e.threshold), p_text(p));
  }
}

std::string estimate_text(const MetricComparison& e, double alpha) {
  std::string text = fmt::format("estimate {}", signed_percent(*e.estimate));
  if (e.interval_low && e.interval_high) {
    text += fmt::format(" ({:.0f}% interval {} to {})", (1 - alpha) * 100,
                        signed_percent(*e.interval_low),
                        signed_percent(*e.interval_high));
  }
  return text;
}

bool within(std::optional<double> low, std::optional<double> high,
            double threshold) {
  return low && high && std::fabs(*low) <= threshold &&
         std::fabs(*high) <= threshold;
}

// The claim interval, when the test's level is stricter than the shown one.
std::string claim_text(const MetricComparison& e, const CompareOptions& options,
                       double level) {
  if (level >= options.alpha) return {};
  if (!e.claim_low || !e.claim_high) {
    return fmt::format("; no {:.2f}% interval at the level of the test",
                       (1 - level) * 100);
  }
  return fmt::format("; {:.2f}% interval {} to {} at the level of the test",
                     (1 - level) * 100, signed_percent(*e.claim_low),
                     signed_percent(*e.claim_high));
}

// The rule on run values (docs/CI.md, "Verdicts").
void decide_runs(MetricComparison& e, const CompareOptions& options,
                 double level, std::size_t n_base, std::size_t n_next) {
  const double p = e.adjusted_p.value_or(*e.p_value);
  if (!e.estimate) {
    e.reason = fmt::format("no relative change: the BASE median is 0 (p = {})",
                           p_text(p));
    return;
  }
  const double sign = e.direction == Direction::kLowerIsBetter ? 1.0 : -1.0;
  const double worse = sign * *e.estimate;
  const std::string estimate = estimate_text(e, options.alpha);
  if (p < options.alpha && std::fabs(worse) > e.threshold) {
    e.verdict = worse > 0 ? Verdict::kRegressed : Verdict::kImproved;
    e.reason = fmt::format(
        "{} by {} (threshold {}), {}, p = {}", worse > 0 ? "worse" : "better",
        percent(std::fabs(worse)), percent(e.threshold), estimate, p_text(p));
  } else if (!e.mde || !std::isfinite(*e.mde)) {
    e.reason = fmt::format(
        "no change is detectable with {} runs per side (the U test cannot "
        "reach the level used); run more rounds: {}, p = {}",
        std::min(n_base, n_next), estimate, p_text(p));
  } else if (*e.mde > e.threshold) {
    e.reason = fmt::format(
        "changes below {} are not detectable with {} runs per side; run more "
        "rounds or raise its threshold ({}): {}, p = {}",
        percent(*e.mde), std::min(n_base, n_next), percent(e.threshold),
        estimate, p_text(p));
  } else if (within(e.claim_low, e.claim_high, e.threshold)) {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("within the {} threshold: {}{}, p = {}",
                           percent(e.threshold), estimate,
                           claim_text(e, options, level), p_text(p));
  } else {
    e.reason = fmt::format(
        "{}{} reaches beyond the {} threshold ({}, p = {})", estimate,
        claim_text(e, options, level), percent(e.threshold),
        p < options.alpha ? "significant" : "not significant", p_text(p));
  }
}

}  // namespace

void decide(MetricComparison& e, const CompareOptions& options,
            std::size_t tests) {
  const std::string notes = std::move(e.reason);
  const std::size_t n_base = e.base->n, n_next = e.next->n;
  const double level = test_level(options, tests);
  if (e.spread) {
    e.mde = minimal_detectable_effect(n_base, n_next, *e.spread, level,
                                      options.power);
  }
  if (e.unit == SampleUnit::kRuns) {
    decide_runs(e, options, level, n_base, n_next);
  } else {
    decide_pooled(e, options, n_base, n_next);
  }
  if (e.adjusted_p) {
    e.reason += fmt::format(" [p Holm-adjusted over {} tests; raw p = {}]",
                            tests, p_text(*e.p_value));
  }
  if (e.unit == SampleUnit::kRepetitions)
    e.reason += " [pooled repetitions: no run ids]";
  e.reason += notes;
}

}  // namespace benchtool
