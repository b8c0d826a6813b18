// The change chart against the baseline and the trend charts over the
// history (see report_charts.hpp), and what the chart builders share.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "io/benchmark_name.hpp"
#include "io/metric.hpp"
#include "report/report_charts.hpp"

namespace benchtool {
namespace {

// "2026-11-26T21:42:05+00:00" -> "2026-11-26 21:42".
std::string short_date(std::string_view date) {
  if (date.size() >= 16 && date[10] == 'T')
    return fmt::format("{} {}", date.substr(0, 10), date.substr(11, 5));
  return std::string(date);
}

std::string sha_or_unknown(const Context& context) {
  const std::string_view sha = context.custom_value("git_sha");
  return sha.empty() ? "?" : std::string(sha);
}

// A benchmark's median real time in a run, when it ran there.
std::optional<double> real_time_in(const Results& run,
                                   const std::string& name) {
  const Benchmark* b = find_listed(run, name);
  if (!b || run_status(run, *b) != RunStatus::kOk) return std::nullopt;
  return median_of(run, *b, "real_time");
}

// The trend of some benchmarks of a family over the runs, oldest first: part
// `part` of `parts` (at most 8 benchmarks a chart).
LineChart history_chart(const std::vector<HistoryRun>& history,
                        const std::string& family,
                        std::span<const std::string> names, std::size_t part,
                        std::size_t parts) {
  LineChart c;
  c.id = chart_id("chart-history", fmt::format("{}-{}", family, part + 1));
  c.title = parts > 1 ? fmt::format("{}: real time over runs ({}/{})", family,
                                    part + 1, parts)
                      : fmt::format("{}: real time over runs", family);
  c.x.label = "run (date UTC, git sha)";
  c.flag_legend = "regressed vs previous run";
  bool flagged_any = false;
  for (const auto& name : names) {
    ChartSeries& s = c.series.emplace_back();
    s.label =
        name.size() > family.size() ? name.substr(family.size() + 1) : name;
    if (s.label.empty()) s.label = name;
    for (std::size_t i = 0; i < history.size(); ++i) {
      const Results& run = history[i].run;
      const auto ns = real_time_in(run, name);
      if (!ns) continue;
      const bool regressed = history[i].regressed.count(name) > 0;
      flagged_any |= regressed;
      s.points.push_back(
          {static_cast<double>(i), *ns,
           fmt::format("{} at {} ({}): {}{}", name,
                       short_date(run.context.date),
                       sha_or_unknown(run.context), format_duration_ns(*ns),
                       regressed ? " — regressed vs previous run" : ""),
           regressed});
    }
  }
  if (!flagged_any) c.note = "no run regressed against the one before it";
  const TimeScale ts = to_time_unit(c);
  set_y_axis(c, fmt::format("median real time ({})", ts.unit));
  return c;
}

// The benchmark names of every run that ran, by family, in first-seen order.
struct FamilyNames {
  std::string key;
  std::vector<std::string> names;
};

std::vector<FamilyNames> families_over(const std::vector<HistoryRun>& history) {
  std::vector<FamilyNames> families;
  for (const auto& h : history) {
    for (const Benchmark* b : listed_benchmarks(h.run)) {
      // A benchmark that never ran has no trend to draw.
      if (run_status(h.run, *b) != RunStatus::kOk) continue;
      auto& names = entry(families, parse_benchmark_name(b->name).family).names;
      if (std::find(names.begin(), names.end(), b->name) == names.end())
        names.push_back(b->name);
    }
  }
  return families;
}

}  // namespace

std::string chart_id(std::string_view prefix, std::string_view text) {
  std::string id(prefix);
  id += '-';
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '_';
    id += keep ? c : '-';
  }
  return id;
}

std::string with_log(const std::string& label, bool log) {
  return log ? label + ", log scale" : label;
}

TimeScale to_time_unit(LineChart& chart) {
  double max_ns = 0;
  for (const ChartSeries& s : chart.series) {
    for (const ChartPoint& p : s.points) max_ns = std::max(max_ns, p.y);
  }
  const TimeScale ts = time_scale_for(max_ns);
  for (ChartSeries& s : chart.series) {
    for (ChartPoint& p : s.points) p.y /= ts.ns_per_unit;
  }
  return ts;
}

void set_y_axis(LineChart& chart, const std::string& label, bool may_log) {
  std::vector<double> ys;
  for (const ChartSeries& s : chart.series) {
    for (const ChartPoint& p : s.points) ys.push_back(p.y);
  }
  chart.y.log = may_log && spans_more_than_10x(ys);
  chart.y.include_zero = !chart.y.log;
  chart.y.label = with_log(label, chart.y.log);
}

ChangeChart change_chart(const Comparison& comparison) {
  ChangeChart c;
  c.id = "chart-changes";
  const std::string metric = gate_metric(comparison);
  for (const MetricComparison* e : ordered_changes(comparison)) {
    if (e->change && std::isfinite(*e->change))
      c.bars.push_back(
          {e->name, *e->change, std::string(to_string(e->verdict))});
  }
  c.title = fmt::format("Changes vs baseline: median {}", metric);
  c.x_label =
      fmt::format("change of the median {} vs the baseline (%)", metric);
  const Direction d = metric_direction(comparison.options, metric);
  c.note = fmt::format(
      "regressions first, worst first; {}",
      d == Direction::kHigherIsBetter  ? "right of 0 = higher = better"
      : d == Direction::kLowerIsBetter ? "right of 0 = slower/larger = worse"
                                       : "direction unknown");
  return c;
}

std::vector<LineChart> history_charts(const std::vector<HistoryRun>& history) {
  std::vector<LineChart> charts;
  if (history.size() < 2) return charts;
  std::vector<std::string> categories;
  categories.reserve(history.size());
  for (const auto& h : history) {
    categories.push_back(fmt::format("{}\n{}", short_date(h.run.context.date),
                                     sha_or_unknown(h.run.context)));
  }
  constexpr std::size_t kPerChart = 8;
  for (const auto& [family, names] : families_over(history)) {
    const std::size_t parts = (names.size() + kPerChart - 1) / kPerChart;
    for (std::size_t part = 0; part < parts; ++part) {
      const std::size_t first = part * kPerChart;
      charts.push_back(
          history_chart(history, family,
                        std::span(names).subspan(
                            first, std::min(kPerChart, names.size() - first)),
                        part, parts));
      charts.back().x.categories = categories;
    }
  }
  return charts;
}

}  // namespace benchtool
