#pragma once
// Which charts a run gets (docs/BENCHMARKS.md, "How to read the report's
// charts"): per family that sweeps a numeric argument, its headline metric
// against it, or time per unit with a Big-O fit; percentiles against threads;
// stacked stage counters; the changes against the baseline; the trends over
// the history. Axes are log when their values span more than 10x.

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/benchmark_name.hpp"
#include "io/metric.hpp"
#include "report/chart.hpp"
#include "report/report.hpp"

namespace benchtool {

struct FamilyCharts {
  std::vector<LineChart> lines;
  std::vector<StackedBarChart> stacks;
};

FamilyCharts scaling_charts(const Results& run, const ChartRules& rules);

// Bars of the changes on compare's gating metric, regressions first (worst
// first), then inconclusive, unchanged, improved; rows without a change
// (new, removed, errored) are left to the tables.
ChangeChart change_chart(const Comparison& comparison);

// One trend chart per family (at most 8 benchmarks each) over the runs,
// oldest first; empty with fewer than two runs.
std::vector<LineChart> history_charts(const std::vector<HistoryRun>& history);

// ---- What the chart builders share ----------------------------------------

// A page-unique element id made from free text.
std::string chart_id(std::string_view prefix, std::string_view text);
// The label of an axis, marked ", log scale" when it is one.
std::string with_log(const std::string& label, bool log);
// The chart's y values, nanoseconds, in the time unit that suits the largest
// (each divided by it); returns the unit.
TimeScale to_time_unit(LineChart& chart);
// The y axis for the points of the chart's series: log when they span more
// than 10x (and `may_log`), else linear from 0.
void set_y_axis(LineChart& chart, const std::string& label,
                bool may_log = true);

// The item of `items` whose key is `key`, appended when absent: groups in
// first-seen order.
template <typename T>
T& entry(std::vector<T>& items, const std::string& key) {
  for (T& item : items) {
    if (item.key == key) return item;
  }
  items.emplace_back().key = key;
  return items.back();
}

// ---- A family of benchmarks as the scaling charts see it -------------------
// family_charts.cpp builds it and draws its charts; fit_chart.cpp draws the
// per-unit chart of a family with a Big-O fit.

struct Member {
  const Benchmark* b;
  BenchmarkName name;
};

struct ArgInfo {
  std::string key;
  std::vector<std::string> values;  // distinct, first-seen order
  bool numeric = true;
};

struct SeriesGroup {
  std::string key;  // the series label, "" when there is one series
  std::vector<const Member*> members;  // in x order
};

struct Family {
  std::string key;  // the family name
  std::vector<Member> members;
  const Results* run = nullptr;
  const ChartRules* rules = nullptr;
  std::vector<ArgInfo> infos;
  std::string x_key;  // the swept argument on x; "" when none is swept
  bool x_log = false;
  std::vector<SeriesGroup> groups;
  std::string note;  // the arguments every member shares: "at keys: 100"
  std::vector<const Row*> fits;  // fits_of(*run, key)

  double x_of(const Member& m) const {
    return numeric_arg(m.name, x_key).value_or(NAN);
  }
  // A chart with the family's id, title, note and x axis.
  LineChart line_chart(std::string_view what, std::string title) const;
};

// Google Benchmark's Big-O fits of a family name: its BigO rows, one per
// registered family (BM_BulkPriceQuery registers one per batch size).
std::vector<const Row*> fits_of(const Results& run, std::string_view family);
// GB's complexity function at n (complexity.cc: lgN is log base 2); nullopt
// for one it does not name.
std::optional<double> big_o_value(std::string_view big_o, double n);
// Real time per unit of x against x, with Google Benchmark's fitted curves.
LineChart per_unit_chart(const Family& f);

}  // namespace benchtool
