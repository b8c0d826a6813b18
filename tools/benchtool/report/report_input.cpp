#include "report/report_input.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "stats/stats.hpp"

namespace benchtool {
namespace {

MetricSummary metric_summary(std::string name, std::vector<double> samples) {
  MetricSummary m;
  m.name = std::move(name);
  std::vector<double> finite;
  for (double v : samples) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  m.samples = std::move(samples);
  if (finite.empty()) {
    m.median = m.min = m.max = NAN;
    return m;
  }
  const Summary s = summarize(finite);
  m.median = s.median;
  m.min = s.min;
  m.max = s.max;
  return m;
}

// Every BigO row of the name, each with the RMS row of its family_index.
void add_fits(const Results& results, const Benchmark& b, RunData& run) {
  for (std::size_t i : b.aggregates) {
    const Row& big_o = results.rows[i];
    if (big_o.aggregate_name != "BigO") continue;
    ComplexityFit fit;
    fit.family = b.name;
    fit.family_index = big_o.family_index;
    fit.label = big_o.label;
    fit.big_o = big_o.big_o;
    fit.real_coefficient_ns = big_o.real_coefficient;
    fit.cpu_coefficient_ns = big_o.cpu_coefficient;
    for (std::size_t j : b.aggregates) {
      const Row& rms = results.rows[j];
      if (rms.aggregate_name == "RMS" &&
          rms.family_index == big_o.family_index) {
        fit.rms = rms.rms;
        break;
      }
    }
    run.fits.push_back(std::move(fit));
  }
}

// The first row that stands for a repetition (see benchmark_samples), or
// nullptr.
const Row* first_sample_row(const Results& results, const Benchmark& b) {
  if (!b.samples.empty()) return &results.rows[b.samples.front()];
  return find_aggregate(results, b, "median");
}

BenchmarkResult summarize_benchmark(const Results& results, const Benchmark& b,
                                    const Row& first) {
  BenchmarkResult out;
  out.name = b.name;
  out.threads = static_cast<int>(first.threads);
  out.family_index = first.family_index;
  if (b.samples.empty())
    out.aggregated_repetitions = static_cast<int>(first.repetitions);
  if (const Row* e = first_errored_sample(results, b)) {
    out.status = RunStatus::kErrored;
    out.message = e->error_message;
  } else if (std::all_of(
                 b.samples.begin(), b.samples.end(),
                 [&](std::size_t i) { return results.rows[i].skipped; }) &&
             !b.samples.empty()) {
    out.status = RunStatus::kSkipped;
    out.message = first.skip_message;
  }
  const auto values = [&](std::string_view metric) {
    return benchmark_samples(results, b, metric).values;
  };
  out.real_time = metric_summary("real_time", values("real_time"));
  out.cpu_time = metric_summary("cpu_time", values("cpu_time"));
  const std::vector<double> iterations = values("iterations");
  out.iterations = iterations.empty() ? 0 : median(iterations);
  std::set<std::string> names;
  for (std::size_t i : b.samples) {
    const Row& row = results.rows[i];
    if (row.error_occurred || row.skipped) continue;
    for (const auto& c : row.counters) names.insert(c.first);
  }
  if (b.samples.empty())
    for (const auto& c : first.counters) names.insert(c.first);
  for (const std::string& name : names)
    out.counters.push_back(metric_summary(name, values(name)));
  return out;
}

}  // namespace

RunData summarize_run(const Results& results) {
  RunData run;
  run.source = results.path;
  run.context = results.context;
  for (const Benchmark& b : results.benchmarks) {
    if (const Row* first = first_sample_row(results, b))
      run.benchmarks.push_back(summarize_benchmark(results, b, *first));
    else
      add_fits(results, b, run);
  }
  return run;
}

}  // namespace benchtool
