#include <fmt/format.h>

#include <cmath>

#include "io/printable.hpp"
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

std::string with_notes(std::string reason, const Side& base, const Side& next) {
  if (!base.note.empty()) reason += fmt::format(" (BASE: {})", base.note);
  if (!next.note.empty()) reason += fmt::format(" (NEW: {})", next.note);
  return reason;
}

std::string errored_reason(const Side& base, const Side& next) {
  std::string reason;
  if (base.errored != nullptr) {
    reason = fmt::format("errored in BASE: {}",
                         printable(base.errored->error_message, 100));
  }
  if (next.errored != nullptr) {
    reason += fmt::format("{}errored in NEW: {}", reason.empty() ? "" : "; ",
                          printable(next.errored->error_message, 100));
  }
  return reason;
}

// Why an entry with both sides present cannot be tested, or "" when it can.
std::string untestable_reason(const MetricComparison& e, const Side& base,
                              const Side& next) {
  const auto& vb = base.compared(e.unit);
  const auto& vn = next.compared(e.unit);
  // The notes already say "skipped: <message>" for each side.
  if ((vb.empty() && base.skipped) || (vn.empty() && next.skipped))
    return "skipped";
  if (vb.empty() || vn.empty())
    return fmt::format("no {} values in {}", e.metric,
                       vb.empty() ? "BASE" : "NEW");
  if (e.direction == Direction::kUnknown) {
    return fmt::format(
        "no direction known for '{}': pass --direction {}=lower|higher",
        e.metric, e.metric);
  }
  if (vb.size() < 2 || vn.size() < 2) {
    const bool base_short = vb.size() < 2;
    return fmt::format("fewer than 2 {} in {} (n = {}): no test possible",
                       to_string(e.unit), base_short ? "BASE" : "NEW",
                       base_short ? vb.size() : vn.size());
  }
  return {};
}

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

// The rule on run values (docs/CI.md, "Verdicts").
void decide_runs(MetricComparison& e, const CompareOptions& options,
                 std::size_t n_base, std::size_t n_next) {
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
  } else if (e.interval_low && e.interval_high &&
             std::fabs(*e.interval_low) <= e.threshold &&
             std::fabs(*e.interval_high) <= e.threshold) {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("within the {} threshold: {}, p = {}",
                           percent(e.threshold), estimate, p_text(p));
  } else {
    e.reason = fmt::format(
        "{} reaches beyond the {} threshold ({}, p = {})", estimate,
        percent(e.threshold),
        p < options.alpha ? "significant" : "not significant", p_text(p));
  }
}

}  // namespace

void decide(MetricComparison& e, const Side& base, const Side& next,
            const CompareOptions& options, std::size_t tests) {
  if (base.errored != nullptr || next.errored != nullptr) {
    e.verdict = Verdict::kErrored;
    e.reason = errored_reason(base, next);
    return;
  }
  e.verdict = Verdict::kInconclusive;
  if (base.benchmark == nullptr || next.benchmark == nullptr) {
    e.verdict = base.benchmark == nullptr ? Verdict::kNew : Verdict::kRemoved;
    e.reason = with_notes(
        base.benchmark == nullptr ? "only in NEW" : "only in BASE", base, next);
    return;
  }
  if (std::string why = untestable_reason(e, base, next); !why.empty()) {
    e.reason = with_notes(std::move(why), base, next);
    return;
  }
  const std::size_t n_base = e.base->n, n_next = e.next->n;
  const double level = e.adjusted_p && tests > 0
                           ? options.alpha / static_cast<double>(tests)
                           : options.alpha;
  if (e.spread) {
    e.mde = minimal_detectable_effect(n_base, n_next, *e.spread, level,
                                      options.power);
  }
  if (e.unit == SampleUnit::kRuns) {
    decide_runs(e, options, n_base, n_next);
  } else {
    decide_pooled(e, options, n_base, n_next);
  }
  if (e.adjusted_p) {
    e.reason += fmt::format(" [p Holm-adjusted over {} tests; raw p = {}]",
                            tests, p_text(*e.p_value));
  }
  if (e.unit == SampleUnit::kRepetitions)
    e.reason += " [pooled repetitions: no run ids]";
  e.reason = with_notes(std::move(e.reason), base, next);
}

}  // namespace benchtool
