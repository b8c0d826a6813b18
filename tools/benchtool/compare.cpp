#include "compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "input_error.hpp"
#include "mann_whitney.hpp"
#include "printable.hpp"

namespace benchtool {
namespace {

std::string percent(double fraction) {
  return fmt::format("{:.1f}%", fraction * 100);
}

std::string p_text(double p) { return fmt::format("{:.3g}", p); }

// The usable values of one side, with a note on anything that was left out.
struct Side {
  const Results* results = nullptr;
  const Benchmark* benchmark = nullptr;
  std::vector<double> values;
  std::string
      note;  // "only aggregate rows", "2 NaN values left out", "skipped: ..."
  const Row* errored = nullptr;
  bool has_metric = false;  // before non-finite values were left out
  bool skipped = false;
};

Side read_side(const Results& results, const Benchmark* benchmark,
               std::string_view metric) {
  Side side;
  side.results = &results;
  side.benchmark = benchmark;
  if (benchmark == nullptr) return side;
  side.errored = first_errored_sample(results, *benchmark);
  side.values = sample_values(results, *benchmark, metric);
  std::vector<std::string> notes;
  if (benchmark->samples.empty()) {
    // --benchmark_report_aggregates_only: the median is all there is.
    if (const Row* median_row = find_aggregate(results, *benchmark, "median")) {
      if (const auto v = median_row->metric(metric)) side.values.push_back(*v);
    }
    notes.emplace_back(
        "only aggregate rows, run with "
        "--benchmark_report_aggregates_only=false");
  }
  if (const Row* skipped = first_skipped_sample(results, *benchmark)) {
    side.skipped = true;
    notes.push_back(
        fmt::format("skipped: {}", printable(skipped->skip_message, 80)));
  }
  side.has_metric = !side.values.empty();
  const auto finite_end =
      std::remove_if(side.values.begin(), side.values.end(),
                     [](double v) { return !std::isfinite(v); });
  if (const auto dropped = side.values.end() - finite_end; dropped > 0) {
    notes.push_back(fmt::format("{} non-finite value{} left out", dropped,
                                dropped == 1 ? "" : "s"));
    side.values.erase(finite_end, side.values.end());
  }
  for (const std::string& n : notes)
    side.note += (side.note.empty() ? "" : "; ") + n;
  return side;
}

// A run_name that holds only BigO / RMS rows: a fit over other benchmarks, not
// a measurement.
bool is_complexity_fit(const Results& results, const Benchmark& benchmark) {
  if (!benchmark.samples.empty() || benchmark.aggregates.empty()) return false;
  for (const std::size_t i : benchmark.aggregates) {
    const std::string& a = results.rows[i].aggregate_name;
    if (a != "BigO" && a != "RMS") return false;
  }
  return true;
}

bool has_metric(const Results& results, std::string_view metric) {
  if (metric == "real_time" || metric == "cpu_time" || metric == "iterations")
    return true;
  for (const Row& row : results.rows) {
    if (row.counter(metric)) return true;
  }
  return false;
}

void compare_context(const Results& base, const Results& next,
                     const CompareOptions& options,
                     std::vector<ContextMismatch>& out) {
  const Context& b = base.context;
  const Context& n = next.context;
  if (b.num_cpus && n.num_cpus && *b.num_cpus != *n.num_cpus) {
    out.push_back({"num_cpus", fmt::format("{}", *b.num_cpus),
                   fmt::format("{}", *n.num_cpus)});
  }
  // The reported clock moves a little between runs on some machines: only a
  // real difference counts.
  if (b.mhz_per_cpu && n.mhz_per_cpu &&
      std::fabs(*b.mhz_per_cpu - *n.mhz_per_cpu) >
          options.mhz_tolerance * std::fabs(*b.mhz_per_cpu)) {
    out.push_back({"mhz_per_cpu", fmt::format("{}", *b.mhz_per_cpu),
                   fmt::format("{}", *n.mhz_per_cpu)});
  }
  if (!b.library_build_type.empty() && !n.library_build_type.empty() &&
      b.library_build_type != n.library_build_type) {
    out.push_back(
        {"library_build_type", b.library_build_type, n.library_build_type});
  }
  for (const char* key : {"build_type", "compiler", "cxx_flags", "allocator"}) {
    const std::string_view bv = b.custom_value(key), nv = n.custom_value(key);
    if (!bv.empty() && !nv.empty() && bv != nv)
      out.push_back({key, std::string(bv), std::string(nv)});
  }
}

// adjusted_p: the Holm-adjusted p-value over `tests` comparisons, when
// --p-adjust holm is on; the verdict then rests on it.
void decide(MetricComparison& e, const Side& base, const Side& next,
            const CompareOptions& options,
            std::optional<double> adjusted_p = std::nullopt,
            std::size_t tests = 0) {
  const auto& vb = base.values;
  const auto& vn = next.values;
  if (!vb.empty()) e.base = summarize(vb);
  if (!vn.empty()) e.next = summarize(vn);
  if (e.base && e.next)
    e.change = relative_change(e.base->median, e.next->median);
  if (vb.size() >= 2 && vn.size() >= 2)
    e.p_value = mann_whitney_u(vb, vn).p_value;

  auto with_notes = [&](std::string reason) {
    if (!base.note.empty()) reason += fmt::format(" (BASE: {})", base.note);
    if (!next.note.empty()) reason += fmt::format(" (NEW: {})", next.note);
    return reason;
  };

  if (base.errored != nullptr || next.errored != nullptr) {
    e.verdict = Verdict::kErrored;
    std::string reason;
    if (base.errored != nullptr) {
      reason = fmt::format("errored in BASE: {}",
                           printable(base.errored->error_message, 100));
    }
    if (next.errored != nullptr) {
      reason += fmt::format("{}errored in NEW: {}", reason.empty() ? "" : "; ",
                            printable(next.errored->error_message, 100));
    }
    e.reason = reason;
    return;
  }
  if (base.benchmark == nullptr) {
    e.verdict = Verdict::kNew;
    e.reason = with_notes("only in NEW");
    return;
  }
  if (next.benchmark == nullptr) {
    e.verdict = Verdict::kRemoved;
    e.reason = with_notes("only in BASE");
    return;
  }
  e.verdict = Verdict::kInconclusive;
  if ((vb.empty() && base.skipped) || (vn.empty() && next.skipped)) {
    // The notes already say "skipped: <message>" for each side.
    e.reason = with_notes("skipped");
    return;
  }
  if (vb.empty() || vn.empty()) {
    e.reason = with_notes(fmt::format("no {} values in {}", e.metric,
                                      vb.empty() ? "BASE" : "NEW"));
    return;
  }
  if (e.direction == Direction::kUnknown) {
    e.reason = with_notes(fmt::format(
        "no direction known for '{}': pass --direction {}=lower|higher",
        e.metric, e.metric));
    return;
  }
  if (vb.size() < 2 || vn.size() < 2) {
    const bool base_short = vb.size() < 2;
    e.reason = with_notes(fmt::format(
        "fewer than 2 repetitions in {} (n = {}): no test possible",
        base_short ? "BASE" : "NEW", base_short ? vb.size() : vn.size()));
    return;
  }
  const double change = *e.change;
  const double p = adjusted_p.value_or(*e.p_value);
  const double worse =
      e.direction == Direction::kLowerIsBetter ? change : -change;
  if (p < options.alpha) {
    if (worse > e.threshold) {
      e.verdict = Verdict::kRegressed;
      e.reason = fmt::format("worse by {} (threshold {}), p = {}",
                             percent(worse), percent(e.threshold), p_text(p));
    } else if (worse < -e.threshold) {
      e.verdict = Verdict::kImproved;
      e.reason = fmt::format("better by {} (threshold {}), p = {}",
                             percent(-worse), percent(e.threshold), p_text(p));
    } else {
      e.verdict = Verdict::kUnchanged;
      e.reason = fmt::format("significant (p = {}) but within the {} threshold",
                             p_text(p), percent(e.threshold));
    }
  } else if (std::fabs(change) > e.threshold) {
    e.reason = fmt::format(
        "{} by {}, beyond the {} threshold, but not significant (p = {} >= "
        "alpha {})",
        worse > 0 ? "worse" : "better", percent(std::fabs(change)),
        percent(e.threshold), p_text(p), options.alpha);
    const double min_p = min_attainable_p_value(vb.size(), vn.size());
    if (min_p >= options.alpha) {
      e.reason += fmt::format(
          "; with n = {} and {} the smallest possible p is {}: use more "
          "repetitions",
          vb.size(), vn.size(), p_text(min_p));
    }
  } else {
    e.verdict = Verdict::kUnchanged;
    e.reason = fmt::format("within the {} threshold (p = {})",
                           percent(e.threshold), p_text(p));
  }
  if (adjusted_p) {
    e.reason += fmt::format(" [p Holm-adjusted over {} tests; raw p = {}]",
                            tests, p_text(*e.p_value));
  }
  e.reason = with_notes(std::move(e.reason));
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRegressed:
      return "regressed";
    case Verdict::kImproved:
      return "improved";
    case Verdict::kUnchanged:
      return "unchanged";
    case Verdict::kInconclusive:
      return "inconclusive";
    case Verdict::kNew:
      return "new";
    case Verdict::kRemoved:
      return "removed";
    case Verdict::kErrored:
      return "errored";
  }
  return "inconclusive";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
  for (const Verdict v : kAllVerdicts) {
    if (to_string(v) == text) return v;
  }
  return std::nullopt;
}

std::size_t Comparison::count(Verdict verdict) const {
  std::size_t n = 0;
  for (const auto& e : entries) n += e.verdict == verdict ? 1 : 0;
  return n;
}

Direction metric_direction(const CompareOptions& options,
                           std::string_view metric) {
  for (const auto& [name, direction] : options.directions) {
    if (name == metric) return direction;
  }
  return direction_from_name(metric);
}

Comparison compare(const Results& base, const Results& next,
                   const CompareOptions& options) {
  Comparison c;
  c.base_path = base.path;
  c.new_path = next.path;
  c.base_context = base.context;
  c.new_context = next.context;
  c.options = options;
  for (const std::string& metric : options.metrics) {
    if (!has_metric(base, metric) && !has_metric(next, metric)) {
      throw InputError(fmt::format(
          "metric '{}': no benchmark in {} or {} has it", printable(metric),
          printable(base.path), printable(next.path)));
    }
  }
  compare_context(base, next, options, c.context_mismatches);

  std::vector<const std::string*> names;
  names.reserve(base.benchmarks.size() + next.benchmarks.size());
  std::size_t fits = 0;
  for (const Benchmark& b : base.benchmarks) {
    if (is_complexity_fit(base, b)) {
      ++fits;
    } else {
      names.push_back(&b.name);
    }
  }
  for (const Benchmark& b : next.benchmarks) {
    if (base.find(b.name) != nullptr) continue;
    if (is_complexity_fit(next, b)) {
      ++fits;
    } else {
      names.push_back(&b.name);
    }
  }
  if (fits > 0) {
    c.notes.push_back(
        fmt::format("{} complexity fit{} (BigO/RMS rows) not compared", fits,
                    fits == 1 ? "" : "s"));
  }

  c.entries.reserve(names.size() * options.metrics.size());
  // Entries whose verdict rests on a p-value, kept for the Holm pass.
  struct Tested {
    std::size_t entry;
    Side base, next;
  };
  std::vector<Tested> tested;
  for (std::size_t mi = 0; mi < options.metrics.size(); ++mi) {
    const std::string& metric = options.metrics[mi];
    const Direction direction = metric_direction(options, metric);
    double log_sum = 0;
    std::size_t log_count = 0, lacking = 0;
    for (const std::string* name : names) {
      const Side b = read_side(base, base.find(*name), metric);
      const Side n = read_side(next, next.find(*name), metric);
      const bool whole_benchmark_problem =
          b.errored != nullptr || n.errored != nullptr ||
          ((b.skipped || n.skipped) && !b.has_metric && !n.has_metric);
      if (whole_benchmark_problem && mi > 0) continue;
      if (!whole_benchmark_problem && !b.has_metric && !n.has_metric) {
        ++lacking;
        continue;
      }
      MetricComparison e;
      e.name = *name;
      e.metric = metric;
      e.direction = direction;
      e.threshold = find_threshold(options.thresholds, *name, metric)
                        .value_or(options.threshold);
      decide(e, b, n, options);
      if (options.holm && e.p_value && e.direction != Direction::kUnknown &&
          (e.verdict == Verdict::kRegressed ||
           e.verdict == Verdict::kImproved ||
           e.verdict == Verdict::kUnchanged ||
           e.verdict == Verdict::kInconclusive)) {
        tested.push_back({c.entries.size(), b, n});
      }
      if (e.base && e.next && e.verdict != Verdict::kErrored &&
          e.base->median > 0 && e.next->median > 0) {
        log_sum += std::log(e.next->median / e.base->median);
        ++log_count;
      }
      c.entries.push_back(std::move(e));
    }
    c.geomeans.push_back(
        {metric,
         log_count > 0 ? std::exp(log_sum / static_cast<double>(log_count))
                       : 1.0,
         log_count});
    if (lacking > 0) c.lacking_metric.emplace_back(metric, lacking);
  }
  if (!tested.empty()) {
    // Holm-Bonferroni: the k-th smallest of m p-values is scaled by (m - k),
    // made monotone; controls the chance of any false verdict across the run.
    std::vector<std::size_t> order(tested.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
      return *c.entries[tested[a].entry].p_value <
             *c.entries[tested[b].entry].p_value;
    });
    const std::size_t m = tested.size();
    double running = 0;
    for (std::size_t k = 0; k < m; ++k) {
      Tested& t = tested[order[k]];
      MetricComparison& e = c.entries[t.entry];
      running = std::max(
          running, std::min(1.0, static_cast<double>(m - k) * *e.p_value));
      decide(e, t.base, t.next, options, running, m);
    }
    c.notes.push_back(fmt::format(
        "p-values Holm-adjusted over {} tests (--p-adjust holm)", m));
  }
  return c;
}

}  // namespace benchtool
