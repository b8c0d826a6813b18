#include "stats/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "io/input_error.hpp"
#include "io/printable.hpp"

namespace benchtool {
namespace {

// One side of an entry: the finite values of a benchmark's metric in one file,
// one per repetition, and one per run (the median of its repetitions) unless a
// value has no run id; with notes on what was left out.
struct Side {
  const Benchmark* benchmark = nullptr;  // nullptr: the file lacks it
  std::vector<double> values, run_values;
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
  std::vector<std::string> notes;
  if (samples.from_aggregate) {  // the median is all there is
    notes.emplace_back(
        "only aggregate rows, run with "
        "--benchmark_report_aggregates_only=false");
  }
  if (const Row* skipped = first_skipped_sample(results, *benchmark)) {
    side.skipped = true;
    notes.push_back(
        fmt::format("skipped: {}", printable(skipped->skip_message, 80)));
  }
  side.has_metric = !samples.values.empty();
  std::vector<std::int64_t> runs;
  for (std::size_t i = 0; i < samples.values.size(); ++i) {
    if (!std::isfinite(samples.values[i])) continue;
    side.values.push_back(samples.values[i]);
    runs.push_back(samples.runs[i]);
  }
  if (const auto dropped = samples.values.size() - side.values.size()) {
    notes.push_back(fmt::format("{} non-finite value{} left out", dropped,
                                dropped == 1 ? "" : "s"));
  }
  if (std::ranges::none_of(runs, [](std::int64_t r) { return r < 0; }))
    side.run_values = run_medians(side.values, runs);
  side.note = fmt::format("{}", fmt::join(notes, "; "));
  return side;
}

// An entry left to decide() with the values it is tested on (run values or
// pooled repetitions), kept until the number of tests, and so the level of its
// claim interval, is known.
struct Tested {
  std::size_t entry = 0;
  std::vector<double> base, next;
};

// The statistics of an entry; returns the values they are over.
Tested measure(MetricComparison& e, const Side& base, const Side& next,
               double alpha) {
  const bool runs = !base.run_values.empty() && !next.run_values.empty();
  e.unit = runs ? SampleUnit::kRuns : SampleUnit::kRepetitions;
  Tested t{0, runs ? base.run_values : base.values,
           runs ? next.run_values : next.values};
  if (!t.base.empty()) e.base = summarize(t.base);
  if (!t.next.empty()) e.next = summarize(t.next);
  if (e.base && e.next)
    e.change = relative_change(e.base->median, e.next->median);
  if (t.base.size() >= 2 && t.next.size() >= 2)
    e.p_value = mann_whitney_u(t.base, t.next).p_value;
  if (const auto shift = relative_shift(t.base, t.next, alpha)) {
    e.estimate = shift->estimate;
    e.interval_low = shift->low;
    e.interval_high = shift->high;
  }
  e.spread = relative_spread(t.base, t.next);
  return t;
}

// The verdicts that need no test: errors, a missing side, missing values, an
// unknown direction, too few values. Returns true, with the sides' notes in
// e.reason, when the entry is left to decide().
bool needs_test(MetricComparison& e, const Side& base, const Side& next) {
  if (base.errored != nullptr || next.errored != nullptr) {
    const auto errored = [](const char* side, const Row* row) {
      return row == nullptr ? std::string()
                            : fmt::format("errored in {}: {}", side,
                                          printable(row->error_message, 100));
    };
    const std::string b = errored("BASE", base.errored);
    const std::string n = errored("NEW", next.errored);
    e.verdict = Verdict::kErrored;
    e.reason = b.empty() || n.empty() ? b + n : b + "; " + n;
    return false;
  }
  std::string why;
  if (base.benchmark == nullptr || next.benchmark == nullptr) {
    e.verdict = base.benchmark == nullptr ? Verdict::kNew : Verdict::kRemoved;
    why = base.benchmark == nullptr ? "only in NEW" : "only in BASE";
  } else if ((!e.base && base.skipped) || (!e.next && next.skipped)) {
    why = "skipped";  // the notes say "skipped: <message>" for each side
  } else if (!e.base || !e.next) {
    why = fmt::format("no {} values in {}", e.metric, e.base ? "NEW" : "BASE");
  } else if (e.direction == Direction::kUnknown) {
    why = fmt::format(
        "no direction known for '{}': pass --direction {}=lower|higher",
        e.metric, e.metric);
  } else if (e.base->n < 2 || e.next->n < 2) {
    const bool base_short = e.base->n < 2;
    why = fmt::format("fewer than 2 {} in {} (n = {}): no test possible",
                      to_string(e.unit), base_short ? "BASE" : "NEW",
                      base_short ? e.base->n : e.next->n);
  }
  e.reason = why;
  if (!base.note.empty()) e.reason += fmt::format(" (BASE: {})", base.note);
  if (!next.note.empty()) e.reason += fmt::format(" (NEW: {})", next.note);
  return why.empty();
}

// A run_name that holds only BigO / RMS rows: a fit over other benchmarks, not
// a measurement.
bool is_complexity_fit(const Results& results, const Benchmark& benchmark) {
  return benchmark.samples.empty() && !benchmark.aggregates.empty() &&
         std::ranges::all_of(benchmark.aggregates, [&](std::size_t i) {
           return results.rows[i].is_complexity();
         });
}

bool has_metric(const Results& results, std::string_view metric) {
  return metric == "real_time" || metric == "cpu_time" ||
         metric == "iterations" ||
         std::ranges::any_of(results.rows, [&](const Row& r) {
           return r.counter(metric).has_value();
         });
}

std::vector<ContextMismatch> compare_context(const Context& b, const Context& n,
                                             double mhz_tolerance) {
  std::vector<ContextMismatch> out;
  if (b.num_cpus && n.num_cpus && *b.num_cpus != *n.num_cpus) {
    out.push_back({"num_cpus", fmt::format("{}", *b.num_cpus),
                   fmt::format("{}", *n.num_cpus)});
  }
  // The reported clock moves a little between runs on some machines: only a
  // real difference counts.
  if (b.mhz_per_cpu && n.mhz_per_cpu &&
      std::fabs(*b.mhz_per_cpu - *n.mhz_per_cpu) >
          mhz_tolerance * std::fabs(*b.mhz_per_cpu)) {
    out.push_back({"mhz_per_cpu", fmt::format("{}", *b.mhz_per_cpu),
                   fmt::format("{}", *n.mhz_per_cpu)});
  }
  const auto differ = [&](const char* key, std::string_view bv,
                          std::string_view nv) {
    if (!bv.empty() && !nv.empty() && bv != nv)
      out.push_back({key, std::string(bv), std::string(nv)});
  };
  differ("library_build_type", b.library_build_type, n.library_build_type);
  for (const char* key : {"build_type", "compiler", "cxx_flags", "allocator"})
    differ(key, b.custom_value(key), n.custom_value(key));
  return out;
}

// Holm-Bonferroni: the k-th smallest of m p-values is scaled by (m - k), made
// monotone; controls the chance of any false verdict across the run.
void holm_adjust(std::vector<MetricComparison>& entries,
                 std::vector<std::size_t> order) {
  std::ranges::stable_sort(order, {},
                           [&](std::size_t i) { return *entries[i].p_value; });
  double running = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    MetricComparison& e = entries[order[k]];
    running = std::max(
        running,
        std::min(1.0, static_cast<double>(order.size() - k) * *e.p_value));
    e.adjusted_p = running;
  }
}

// Which unit the comparisons used, for the notes.
std::string unit_note(const std::vector<MetricComparison>& entries) {
  std::size_t runs = 0, pooled = 0;
  for (const MetricComparison& e : entries) {
    if (e.base && e.next) ++(e.unit == SampleUnit::kRuns ? runs : pooled);
  }
  if (runs + pooled == 0) return {};
  if (pooled == 0) {
    return "unit: runs (one value per benchmark per run: the median of its "
           "repetitions)";
  }
  return fmt::format(
      "unit: pooled repetitions for {} comparison{}: the files carry no "
      "benchtool_run ids, so repetitions count as independent samples "
      "(compare.py's rule){}",
      pooled, pooled == 1 ? "" : "s",
      runs > 0 ? fmt::format("; runs for {}", runs) : "");
}

// The entries of one metric and its geometric mean; adds the entries left to
// decide() to `tested`.
void add_metric_entries(const Results& base, const Results& next,
                        const std::vector<const std::string*>& names,
                        const std::string& metric, bool first_metric,
                        Comparison& c, std::vector<Tested>& tested) {
  const CompareOptions& options = c.options;
  double log_sum = 0;
  std::size_t log_count = 0, lacking = 0;
  for (const std::string* name : names) {
    const Side b = read_side(base, base.find(*name), metric);
    const Side n = read_side(next, next.find(*name), metric);
    // An errored or skipped benchmark gets one entry, under the first metric.
    const bool whole_benchmark_problem =
        b.errored != nullptr || n.errored != nullptr ||
        ((b.skipped || n.skipped) && !b.has_metric && !n.has_metric);
    if (whole_benchmark_problem && !first_metric) continue;
    if (!whole_benchmark_problem && !b.has_metric && !n.has_metric) {
      ++lacking;
      continue;
    }
    MetricComparison e;
    e.name = *name;
    e.metric = metric;
    e.direction = metric_direction(options, metric);
    e.threshold = find_threshold(options.thresholds, *name, metric)
                      .value_or(options.threshold);
    Tested t = measure(e, b, n, options.alpha);
    if (e.base && e.next && b.errored == nullptr && n.errored == nullptr &&
        e.base->median > 0 && e.next->median > 0) {
      log_sum += std::log(e.next->median / e.base->median);
      ++log_count;
    }
    if (needs_test(e, b, n)) {
      t.entry = c.entries.size();
      tested.push_back(std::move(t));
    }
    c.entries.push_back(std::move(e));
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
  return std::ranges::count(entries, verdict, &MetricComparison::verdict);
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
  for (const std::string& metric : options.metrics) {
    if (!has_metric(base, metric) && !has_metric(next, metric)) {
      throw InputError(fmt::format(
          "metric '{}': no benchmark in {} or {} has it", printable(metric),
          printable(base.path), printable(next.path)));
    }
  }
  Comparison c;
  c.base_path = base.path;
  c.new_path = next.path;
  c.base_context = base.context;
  c.new_context = next.context;
  c.options = options;
  c.context_mismatches =
      compare_context(base.context, next.context, options.mhz_tolerance);
  std::vector<const std::string*> names;  // base order, then only in NEW
  std::size_t fits = 0;
  for (const Results* results : {&base, &next}) {
    for (const Benchmark& b : results->benchmarks) {
      if (results == &next && base.find(b.name) != nullptr) continue;
      if (is_complexity_fit(*results, b)) {
        ++fits;
      } else {
        names.push_back(&b.name);
      }
    }
  }
  if (fits > 0) {
    c.notes.push_back(
        fmt::format("{} complexity fit{} (BigO/RMS rows) not compared", fits,
                    fits == 1 ? "" : "s"));
  }
  std::vector<Tested> tested;
  for (const std::string& metric : options.metrics) {
    add_metric_entries(base, next, names, metric,
                       &metric == &options.metrics.front(), c, tested);
  }
  const std::size_t tests = options.holm ? tested.size() : 0;
  if (tests > 0) {
    std::vector<std::size_t> order;
    for (const Tested& t : tested) order.push_back(t.entry);
    holm_adjust(c.entries, std::move(order));
    c.notes.push_back(fmt::format(
        "p-values Holm-adjusted over {} tests (--p-adjust holm)", tests));
  }
  // The interval at the test's level, for the `unchanged` claim.
  const double level = test_level(options, tests);
  for (const Tested& t : tested) {
    MetricComparison& e = c.entries[t.entry];
    if (level >= options.alpha) {
      e.claim_low = e.interval_low;
      e.claim_high = e.interval_high;
    } else if (const auto shift = relative_shift(t.base, t.next, level)) {
      e.claim_low = shift->low;
      e.claim_high = shift->high;
    }
    decide(e, options, tests);
  }
  if (std::string note = unit_note(c.entries); !note.empty())
    c.notes.push_back(std::move(note));
  return c;
}

}  // namespace benchtool
