#pragma once
// Which charts a run gets. Families are found from run names; a family whose
// runs vary a numeric argument ("batch:64", "threads:8") gets a chart of its
// headline metric (ChartRules::headline) against that argument, in order:
//  - a Big-O fit and the rules' per-unit argument (or a single swept one):
//    time per unit against the argument, with the fitted curve;
//  - a threads argument: the rules' headline_over_threads metric, and the
//    rules' percentiles when the family publishes them;
//  - the rules' stage counters, two or more: a stacked bar of the stages per
//    argument value.
// Axes are log when their values span more than 10x.

#include <string>
#include <string_view>
#include <vector>

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

// What the chart builders share.
// A page-unique element id made from free text.
std::string chart_id(std::string_view prefix, std::string_view text);
// The label of an axis, marked ", log scale" when it is one.
std::string with_log(const std::string& label, bool log);
// The y axis for the values drawn: log when they span more than 10x (and
// `may_log`), else linear from 0.
void set_y_axis(LineChart& chart, const std::vector<double>& ys,
                const std::string& label, bool may_log = true);

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

}  // namespace benchtool
