#include "report_input.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "stats.hpp"

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

// The rows that stand for repetitions: the iteration rows, or for a file
// written with --benchmark_report_aggregates_only the median (else mean) row.
std::vector<const Row*> sample_rows(const Results& results,
                                    const Benchmark& b) {
  std::vector<const Row*> rows;
  for (std::size_t i : b.samples) rows.push_back(&results.rows[i]);
  if (rows.empty()) {
    const Row* agg = find_aggregate(results, b, "median");
    if (!agg) agg = find_aggregate(results, b, "mean");
    if (agg) rows.push_back(agg);
  }
  return rows;
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

}  // namespace

RunData summarize_run(const Results& results) {
  RunData run;
  run.source = results.path;
  run.context = results.context;
  for (const Benchmark& b : results.benchmarks) {
    const auto rows = sample_rows(results, b);
    if (rows.empty()) {
      add_fits(results, b, run);
      continue;
    }
    BenchmarkResult out;
    out.name = b.name;
    out.threads = static_cast<int>(rows.front()->threads);
    out.family_index = rows.front()->family_index;
    if (b.samples.empty())
      out.aggregated_repetitions = static_cast<int>(rows.front()->repetitions);
    if (const Row* e = first_errored_sample(results, b)) {
      out.status = RunStatus::kErrored;
      out.message = e->error_message;
    } else if (std::all_of(rows.begin(), rows.end(),
                           [](const Row* r) { return r->skipped; })) {
      out.status = RunStatus::kSkipped;
      out.message = rows.front()->skip_message;
    }
    std::vector<double> real, cpu, iterations;
    std::map<std::string, std::vector<double>> counters;
    for (const Row* r : rows) {
      if (r->error_occurred || r->skipped) continue;
      real.push_back(r->real_time);
      cpu.push_back(r->cpu_time);
      iterations.push_back(static_cast<double>(r->iterations));
      for (const auto& [k, v] : r->counters) counters[k].push_back(v);
    }
    out.real_time = metric_summary("real_time", std::move(real));
    out.cpu_time = metric_summary("cpu_time", std::move(cpu));
    out.iterations = iterations.empty() ? 0 : median(iterations);
    for (auto& [k, v] : counters)
      out.counters.push_back(metric_summary(k, std::move(v)));
    run.benchmarks.push_back(std::move(out));
  }
  return run;
}

}  // namespace benchtool
