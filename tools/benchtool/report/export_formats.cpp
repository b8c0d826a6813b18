// The run for dashboards: Bencher Metric Format and github-action-benchmark's
// custom JSON (see report.hpp).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "io/metric.hpp"
#include "report/report.hpp"

namespace benchtool {
namespace {

using Json = nlohmann::ordered_json;

struct Figure {
  std::string metric;
  MetricStats stats;
};

bool finite(const MetricStats& m) {
  return std::isfinite(m.median) && std::isfinite(m.min) &&
         std::isfinite(m.max);
}

// A benchmark's finite figures: real time first, then its counters by name;
// nullopt (with the reason in `skipped`) for one without a finite real time.
std::optional<std::vector<Figure>> figures(const Results& run,
                                           const Benchmark& b,
                                           std::vector<std::string>& skipped) {
  std::string message;
  const RunStatus status = run_status(run, b, &message);
  const MetricStats real_time = *metric_stats(run, b, "real_time");
  if (status != RunStatus::kOk) {
    skipped.push_back(fmt::format("{}: {}{}", b.name, to_string(status),
                                  message.empty() ? "" : ": " + message));
    return std::nullopt;
  }
  if (!finite(real_time)) {
    skipped.push_back(fmt::format("{}: no finite real time", b.name));
    return std::nullopt;
  }
  std::vector<Figure> out{{"real_time", real_time}};
  for (const std::string& name : counter_names(run, b)) {
    const MetricStats m = *metric_stats(run, b, name);
    if (finite(m)) out.push_back({name, m});
  }
  return out;
}

Json bmf_metric(const MetricStats& m) {
  Json j;
  j["value"] = m.median;
  // One sample has no spread to report.
  if (m.count > 1) {
    j["lower_value"] = m.min;
    j["upper_value"] = m.max;
  }
  return j;
}

// The unit github-action-benchmark shows next to a value.
std::string github_unit(std::string_view metric) {
  const MetricInfo m = describe_metric(metric);
  if (m.kind == MetricKind::kFraction) return "fraction (0-1)";
  return m.kind == MetricKind::kCount ? "" : m.axis_unit;
}

// Compact numbers for JSON strings: 4 significant digits, no exponent.
std::string short_number(double v) {
  if (std::fabs(v) >= 1e4) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

Json github_entry(const std::string& benchmark, const Figure& f,
                  const std::string& sha) {
  const MetricStats& m = f.stats;
  Json j;
  j["name"] = f.metric == "real_time"
                  ? benchmark
                  : fmt::format("{} {}", benchmark, f.metric);
  j["unit"] = github_unit(f.metric);
  j["value"] = m.median;
  if (m.count > 1) j["range"] = fmt::format("± {}", short_number(m.stddev));
  j["extra"] = fmt::format("median of {} repetition(s); min {}, max {}{}",
                           m.count, short_number(m.min), short_number(m.max),
                           sha.empty() ? "" : fmt::format("; git {}", sha));
  return j;
}

}  // namespace

std::string measure_slug(std::string_view counter_name) {
  std::string slug(counter_name);
  std::replace(slug.begin(), slug.end(), '_', '-');
  return slug;
}

ExportResult export_bmf(const Results& run) {
  ExportResult out;
  Json doc = Json::object();
  for (const Benchmark* b : listed_benchmarks(run)) {
    const auto fs = figures(run, *b, out.skipped);
    if (!fs) continue;
    Json measures;
    for (const Figure& f : *fs) {
      measures[f.metric == "real_time"          ? std::string("latency")
               : f.metric == "items_per_second" ? std::string("throughput")
                                                : measure_slug(f.metric)] =
          bmf_metric(f.stats);
    }
    doc[b->name] = std::move(measures);
  }
  out.text = doc.dump(2) + "\n";
  return out;
}

GithubExport export_github(const Results& run) {
  GithubExport out;
  Json smaller = Json::array(), bigger = Json::array();
  const std::string sha(run.context.custom_value("git_sha"));
  for (const Benchmark* b : listed_benchmarks(run)) {
    const auto fs = figures(run, *b, out.skipped);
    if (!fs) continue;
    // Counters without a known direction have no place in either file.
    for (const Figure& f : *fs) {
      const Direction d = direction_from_name(f.metric);
      if (d == Direction::kLowerIsBetter)
        smaller.push_back(github_entry(b->name, f, sha));
      if (d == Direction::kHigherIsBetter)
        bigger.push_back(github_entry(b->name, f, sha));
    }
  }
  out.smaller_is_better = smaller.dump(2) + "\n";
  out.bigger_is_better = bigger.dump(2) + "\n";
  return out;
}

}  // namespace benchtool
