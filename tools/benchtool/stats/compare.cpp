#include "stats/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/input_error.hpp"
#include "io/printable.hpp"

namespace benchtool {
namespace {

// One side of an entry: the usable values of a benchmark's metric in one file,
// with notes on what was left out.
struct Side {
  const Benchmark* benchmark = nullptr;  // nullptr: the file lacks it
  std::vector<double> values;            // finite values, one per repetition
  // One value per run (the median of its repetitions); empty when a usable
  // repetition has no run id.
  std::vector<double> run_values;
  std::string note;  // "only aggregate rows", "skipped: ..." and the like
  const Row* errored = nullptr;
  bool has_metric = false;  // before non-finite values were left out
  bool skipped = false;
};

Side read_side(const Results& results, const Benchmark* benchmark,
               std::string_view metric) {
  Side side;
  side.benchmark = benchmark;
  if (benchmark == nullptr) return side;
  side.errored = first_errored_sample(results, *benchmark);
  const Samples samples = benchmark_samples(results, *benchmark, metric);
  const std::vector<double>& values = samples.values;
  const std::vector<std::int64_t>& runs = samples.runs;
  std::vector<std::string> notes;
  if (samples.from_aggregate) {
    // --benchmark_report_aggregates_only: the median is all there is.
    notes.emplace_back(
        "only aggregate rows, run with "
        "--benchmark_report_aggregates_only=false");
  }
  if (const Row* skipped = first_skipped_sample(results, *benchmark)) {
    side.skipped = true;
    notes.push_back(
        fmt::format("skipped: {}", printable(skipped->skip_message, 80)));
  }
  side.has_metric = !values.empty();
  std::vector<std::int64_t> finite_runs;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) continue;
    side.values.push_back(values[i]);
    finite_runs.push_back(runs[i]);
  }
  if (const auto dropped = values.size() - side.values.size(); dropped > 0) {
    notes.push_back(fmt::format("{} non-finite value{} left out", dropped,
                                dropped == 1 ? "" : "s"));
  }
  if (std::none_of(finite_runs.begin(), finite_runs.end(),
                   [](std::int64_t r) { return r < 0; })) {
    side.run_values = run_medians(side.values, finite_runs);
  }
  for (const std::string& n : notes)
    side.note += (side.note.empty() ? "" : "; ") + n;
  return side;
}

// The values an entry is tested on (run values or pooled repetitions), kept
// until the number of tests, and so the level of its claim interval, is known.
struct TestedValues {
  std::vector<double> base, next;
};

TestedValues measure(MetricComparison& e, const Side& base, const Side& next,
                     const CompareOptions& options) {
  const bool runs = !base.run_values.empty() && !next.run_values.empty();
  e.unit = runs ? SampleUnit::kRuns : SampleUnit::kRepetitions;
  const auto& vb = runs ? base.run_values : base.values;
  const auto& vn = runs ? next.run_values : next.values;
  if (!vb.empty()) e.base = summarize(vb);
  if (!vn.empty()) e.next = summarize(vn);
  if (e.base && e.next)
    e.change = relative_change(e.base->median, e.next->median);
  if (vb.size() >= 2 && vn.size() >= 2)
    e.p_value = mann_whitney_u(vb, vn).p_value;
  if (const auto shift = relative_shift(vb, vn, options.alpha)) {
    e.estimate = shift->estimate;
    e.interval_low = shift->low;
    e.interval_high = shift->high;
  }
  e.spread = relative_spread(vb, vn);
  return {vb, vn};
}

// The interval at the test's level, for the `unchanged` claim.
void set_claim_interval(MetricComparison& e, const TestedValues& values,
                        double level, double alpha) {
  if (level >= alpha) {
    e.claim_low = e.interval_low;
    e.claim_high = e.interval_high;
  } else if (const auto shift =
                 relative_shift(values.base, values.next, level)) {
    e.claim_low = shift->low;
    e.claim_high = shift->high;
  }
}

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

// Why an entry without errors cannot be tested (setting its verdict), or ""
// when it can.
std::string untestable_reason(MetricComparison& e, const Side& base,
                              const Side& next) {
  if (base.benchmark == nullptr || next.benchmark == nullptr) {
    e.verdict = base.benchmark == nullptr ? Verdict::kNew : Verdict::kRemoved;
    return base.benchmark == nullptr ? "only in NEW" : "only in BASE";
  }
  // The notes already say "skipped: <message>" for each side.
  if ((!e.base && base.skipped) || (!e.next && next.skipped)) return "skipped";
  if (!e.base || !e.next)
    return fmt::format("no {} values in {}", e.metric, e.base ? "NEW" : "BASE");
  if (e.direction == Direction::kUnknown) {
    return fmt::format(
        "no direction known for '{}': pass --direction {}=lower|higher",
        e.metric, e.metric);
  }
  if (e.base->n < 2 || e.next->n < 2) {
    const bool base_short = e.base->n < 2;
    return fmt::format("fewer than 2 {} in {} (n = {}): no test possible",
                       to_string(e.unit), base_short ? "BASE" : "NEW",
                       base_short ? e.base->n : e.next->n);
  }
  return {};
}

// The verdicts that need no test: errors, a missing side, missing values.
// Returns false, with the sides' notes in e.reason, when the entry is left to
// decide().
bool decide_without_test(MetricComparison& e, const Side& base,
                         const Side& next) {
  if (base.errored != nullptr || next.errored != nullptr) {
    e.verdict = Verdict::kErrored;
    e.reason = errored_reason(base, next);
    return true;
  }
  const std::string why = untestable_reason(e, base, next);
  e.reason = with_notes(why, base, next);
  return !why.empty();
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

// Holm-Bonferroni: the k-th smallest of m p-values is scaled by (m - k), made
// monotone; controls the chance of any false verdict across the run. `order`:
// the entries tested.
void holm_adjust(std::vector<MetricComparison>& entries,
                 std::vector<std::size_t> order) {
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return *entries[a].p_value < *entries[b].p_value;
  });
  const std::size_t m = order.size();
  double running = 0;
  for (std::size_t k = 0; k < m; ++k) {
    MetricComparison& e = entries[order[k]];
    running = std::max(running,
                       std::min(1.0, static_cast<double>(m - k) * *e.p_value));
    e.adjusted_p = running;
  }
}

// Which unit the comparisons used, for the notes.
std::string unit_note(const std::vector<MetricComparison>& entries) {
  std::size_t runs = 0, pooled = 0;
  for (const MetricComparison& e : entries) {
    if (!e.base || !e.next) continue;
    (e.unit == SampleUnit::kRuns ? runs : pooled) += 1;
  }
  if (runs + pooled == 0) return {};
  if (pooled == 0) {
    return "unit: runs (one value per benchmark per run: the median of its "
           "repetitions)";
  }
  std::string note = fmt::format(
      "unit: pooled repetitions for {} comparison{}: the files carry no "
      "benchtool_run ids, so repetitions count as independent samples "
      "(compare.py's rule)",
      pooled, pooled == 1 ? "" : "s");
  if (runs > 0) note += fmt::format("; runs for {}", runs);
  return note;
}

// The entries of metric number `mi` and its geometric mean; adds the entries
// left to decide() to `tested`.
void add_metric_entries(const Results& base, const Results& next,
                        const std::vector<const std::string*>& names,
                        std::size_t mi, Comparison& c,
                        std::vector<std::size_t>& tested,
                        std::vector<TestedValues>& values) {
  const CompareOptions& options = c.options;
  const std::string& metric = options.metrics[mi];
  const Direction direction = metric_direction(options, metric);
  double log_sum = 0;
  std::size_t log_count = 0, lacking = 0;
  for (const std::string* name : names) {
    Side b = read_side(base, base.find(*name), metric);
    Side n = read_side(next, next.find(*name), metric);
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
    TestedValues tested_values = measure(e, b, n, options);
    if (e.base && e.next && b.errored == nullptr && n.errored == nullptr &&
        e.base->median > 0 && e.next->median > 0) {
      log_sum += std::log(e.next->median / e.base->median);
      ++log_count;
    }
    if (!decide_without_test(e, b, n)) tested.push_back(c.entries.size());
    c.entries.push_back(std::move(e));
    values.push_back(std::move(tested_values));
  }
  c.geomeans.push_back(
      {metric,
       log_count > 0 ? std::exp(log_sum / static_cast<double>(log_count)) : 1.0,
       log_count});
  if (lacking > 0) c.lacking_metric.emplace_back(metric, lacking);
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  constexpr std::string_view kNames[] = {
      "regressed", "improved", "unchanged", "inconclusive",
      "new",       "removed",  "errored"};
  return kNames[static_cast<std::size_t>(verdict)];
}

std::optional<Verdict> parse_verdict(std::string_view text) {
  for (const Verdict v : kAllVerdicts) {
    if (to_string(v) == text) return v;
  }
  return std::nullopt;
}

std::string_view to_string(SampleUnit unit) {
  return unit == SampleUnit::kRuns ? "runs" : "repetitions";
}

std::size_t Comparison::count(Verdict verdict) const {
  std::size_t n = 0;
  for (const auto& e : entries) n += e.verdict == verdict ? 1 : 0;
  return n;
}

double test_level(const CompareOptions& options, std::size_t tests) {
  return tests > 0 ? options.alpha / static_cast<double>(tests) : options.alpha;
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
  std::size_t fits = 0;
  auto add = [&](const Results& results, const Benchmark& b) {
    if (is_complexity_fit(results, b)) {
      ++fits;
    } else {
      names.push_back(&b.name);
    }
  };
  for (const Benchmark& b : base.benchmarks) add(base, b);
  for (const Benchmark& b : next.benchmarks) {
    if (base.find(b.name) == nullptr) add(next, b);
  }
  if (fits > 0) {
    c.notes.push_back(
        fmt::format("{} complexity fit{} (BigO/RMS rows) not compared", fits,
                    fits == 1 ? "" : "s"));
  }

  std::vector<std::size_t> tested;
  std::vector<TestedValues> values;  // parallel to c.entries
  for (std::size_t mi = 0; mi < options.metrics.size(); ++mi)
    add_metric_entries(base, next, names, mi, c, tested, values);
  const std::size_t tests = options.holm ? tested.size() : 0;
  if (tests > 0) {
    holm_adjust(c.entries, tested);
    c.notes.push_back(fmt::format(
        "p-values Holm-adjusted over {} tests (--p-adjust holm)", tests));
  }
  for (const std::size_t i : tested) {
    set_claim_interval(c.entries[i], values[i], test_level(options, tests),
                       options.alpha);
    decide(c.entries[i], options, tests);
  }
  if (std::string note = unit_note(c.entries); !note.empty())
    c.notes.push_back(std::move(note));
  return c;
}

}  // namespace benchtool
