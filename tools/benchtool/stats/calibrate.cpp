#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "stats/ab.hpp"
#include "stats/stats.hpp"

namespace benchtool {
namespace {

struct Runs {
  std::vector<double> values;      // one per run
  std::vector<double> within_cvs;  // per run with >= 2 repetitions
};

// The run values and within-run cvs; none when a value is not finite or has no
// run id.
Runs runs_of(const Results& results, const Benchmark& benchmark,
             const std::string& metric) {
  const Samples samples = benchmark_samples(results, benchmark, metric);
  for (std::size_t i = 0; i < samples.runs.size(); ++i) {
    if (samples.runs[i] < 0 || !std::isfinite(samples.values[i])) return {};
  }
  Runs r;
  for (const auto& run : split_runs(samples.values, samples.runs)) {
    r.values.push_back(median(run));
    if (run.size() >= 2) r.within_cvs.push_back(summarize(run).cv);
  }
  return r;
}

double round_up_percent(double fraction) {
  return std::ceil(fraction * 100 - 1e-9) / 100;
}

}  // namespace

bool looks_multimodal(std::vector<double> run_values, double within_cv) {
  const std::size_t n = run_values.size();
  if (n < 4 || std::any_of(run_values.begin(), run_values.end(),
                           [](double v) { return !(v > 0); }))
    return false;
  for (double& v : run_values) v = std::log(v);
  std::sort(run_values.begin(), run_values.end());
  const double sd = summarize(run_values).stddev;
  const std::size_t min_group =
      std::max<std::size_t>(2, (n + 9) / 10);  // 10%, at least 2
  for (std::size_t i = min_group; i + min_group <= n; ++i) {
    const double gap = run_values[i] - run_values[i - 1];
    if (gap > 1.5 * sd && gap > 5 * within_cv) return true;
  }
  return false;
}

std::vector<Calibration> calibrate(const Results& base, const Results& next,
                                   const CalibrateOptions& options) {
  std::vector<Calibration> found;
  for (const Benchmark& b : base.benchmarks) {
    const Benchmark* other = next.find(b.name);
    if (other == nullptr) continue;
    Runs a = runs_of(base, b, options.metric);
    Runs o = runs_of(next, *other, options.metric);
    if (a.values.size() < 2 || o.values.size() < 2) continue;
    Calibration c;
    c.name = b.name;
    c.between_cv = relative_spread(a.values, o.values);
    a.values.insert(a.values.end(), o.values.begin(), o.values.end());
    a.within_cvs.insert(a.within_cvs.end(), o.within_cvs.begin(),
                        o.within_cvs.end());
    c.runs = a.values.size();
    c.median = median(a.values);
    if (!a.within_cvs.empty()) c.within_cv = median(a.within_cvs);
    c.multimodal = looks_multimodal(a.values, c.within_cv.value_or(0));
    found.push_back(std::move(c));
  }
  const double level = options.alpha / static_cast<double>(found.size());
  for (Calibration& c : found) {
    if (c.between_cv) {
      c.mde =
          minimal_detectable_effect(options.gate_rounds, options.gate_rounds,
                                    *c.between_cv, level, options.power);
    }
    c.threshold = options.min_threshold;
    if (c.mde && std::isfinite(*c.mde)) {
      c.threshold =
          std::max(c.threshold, round_up_percent(*c.mde * options.margin));
    }
  }
  return found;
}

std::string exact_name_regex(const std::string& name) {
  std::string regex = "^";
  for (const char ch : name) {
    if (std::string_view(".^$|()[]{}*+?\\").find(ch) != std::string_view::npos)
      regex += '\\';
    regex += ch;
  }
  return regex + "$";
}

std::string thresholds_json(const std::vector<Calibration>& calibrations,
                            const CalibrateOptions& options) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const Calibration& c : calibrations) {
    std::string note = fmt::format("calibrate: {} runs, between-run cv {:.1f}%",
                                   c.runs, c.between_cv.value_or(0) * 100);
    if (c.mde) {
      note += std::isfinite(*c.mde)
                  ? fmt::format(", MDE {:.1f}% at {} rounds", *c.mde * 100,
                                options.gate_rounds)
                  : fmt::format(", nothing detectable at {} rounds",
                                options.gate_rounds);
    }
    if (c.multimodal) note += ", multimodal";
    rules.push_back({{"benchmark", exact_name_regex(c.name)},
                     {"metric", options.metric},
                     {"threshold", c.threshold},
                     {"note", note}});
  }
  const nlohmann::ordered_json doc{
      {"description",
       fmt::format("written by benchtool calibrate: per benchmark the larger "
                   "of {:.0f}% and {} x its MDE (power {:.0f}%, alpha {} "
                   "Holm-adjusted over {} benchmarks, {} runs per side)",
                   options.min_threshold * 100, options.margin,
                   options.power * 100, options.alpha, calibrations.size(),
                   options.gate_rounds)},
      {"thresholds", std::move(rules)}};
  return doc.dump(2) + "\n";
}

}  // namespace benchtool
