#include "stats/compare_side.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/printable.hpp"
#include "stats/effect.hpp"
#include "stats/mann_whitney.hpp"

namespace benchtool {

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

const std::vector<double>& compared_values(const Side& side, SampleUnit unit) {
  return unit == SampleUnit::kRuns ? side.run_values : side.values;
}

void measure(MetricComparison& e, const Side& base, const Side& next,
             const CompareOptions& options) {
  e.unit = base.has_runs() && next.has_runs() ? SampleUnit::kRuns
                                              : SampleUnit::kRepetitions;
  const auto& vb = compared_values(base, e.unit);
  const auto& vn = compared_values(next, e.unit);
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
}

}  // namespace benchtool
