#include "report/export_formats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "io/metric.hpp"
#include "stats/stats.hpp"

namespace benchtool {
namespace {

using Json = nlohmann::ordered_json;

bool finite(const MetricSummary& m) {
  return std::isfinite(m.median) && std::isfinite(m.min) &&
         std::isfinite(m.max);
}

Json bmf_metric(const MetricSummary& m) {
  Json j;
  j["value"] = m.median;
  // One sample has no spread to report.
  if (m.samples.size() > 1) {
    j["lower_value"] = m.min;
    j["upper_value"] = m.max;
  }
  return j;
}

std::string skip_reason(const BenchmarkResult& b) {
  if (b.status == RunStatus::kOk) {
    return fmt::format("{}: no finite real time", b.name);
  }
  return fmt::format("{}: {}{}", b.name, to_string(b.status),
                     b.message.empty() ? "" : ": " + b.message);
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

Json github_entry(const BenchmarkResult& b, const MetricSummary& m,
                  const std::string& sha) {
  Json j;
  j["name"] =
      m.name == "real_time" ? b.name : fmt::format("{} {}", b.name, m.name);
  j["unit"] = github_unit(m.name);
  j["value"] = m.median;
  if (m.samples.size() > 1) {
    std::vector<double> finite_samples;
    for (double v : m.samples) {
      if (std::isfinite(v)) finite_samples.push_back(v);
    }
    j["range"] =
        fmt::format("± {}", short_number(summarize(finite_samples).stddev));
  }
  j["extra"] =
      fmt::format("median of {} repetition(s); min {}, max {}{}",
                  m.samples.size(), short_number(m.min), short_number(m.max),
                  sha.empty() ? "" : fmt::format("; git {}", sha));
  return j;
}

}  // namespace

std::string measure_slug(std::string_view counter_name) {
  std::string slug(counter_name);
  std::replace(slug.begin(), slug.end(), '_', '-');
  return slug;
}

ExportResult export_bmf(const RunData& run) {
  ExportResult out;
  Json doc = Json::object();
  for (const auto& b : run.benchmarks) {
    if (b.status != RunStatus::kOk || !finite(b.real_time)) {
      out.skipped.push_back(skip_reason(b));
      continue;
    }
    Json measures;
    measures["latency"] = bmf_metric(b.real_time);
    for (const auto& c : b.counters) {
      if (!finite(c)) continue;
      measures[c.name == "items_per_second" ? std::string("throughput")
                                            : measure_slug(c.name)] =
          bmf_metric(c);
    }
    doc[b.name] = std::move(measures);
  }
  out.text = doc.dump(2) + "\n";
  return out;
}

GithubExport export_github(const RunData& run) {
  GithubExport out;
  Json smaller = Json::array(), bigger = Json::array();
  const std::string sha(run.context.custom_value("git_sha"));
  for (const auto& b : run.benchmarks) {
    if (b.status != RunStatus::kOk || !finite(b.real_time)) {
      out.skipped.push_back(skip_reason(b));
      continue;
    }
    smaller.push_back(github_entry(b, b.real_time, sha));
    // Counters without a known direction have no place in either file.
    for (const auto& c : b.counters) {
      if (!finite(c)) continue;
      const Direction d = direction_from_name(c.name);
      if (d == Direction::kLowerIsBetter)
        smaller.push_back(github_entry(b, c, sha));
      if (d == Direction::kHigherIsBetter)
        bigger.push_back(github_entry(b, c, sha));
    }
  }
  out.smaller_is_better = smaller.dump(2) + "\n";
  out.bigger_is_better = bigger.dump(2) + "\n";
  return out;
}

}  // namespace benchtool
