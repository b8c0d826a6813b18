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
#include <vector>

#include "report/chart.hpp"
#include "report/chart_rules.hpp"
#include "report/report_model.hpp"

namespace benchtool {

struct FamilyCharts {
  std::vector<LineChart> lines;
  std::vector<StackedBarChart> stacks;
};

FamilyCharts scaling_charts(const RunData& run, const ChartRules& rules);

// Bars of the changes on compare's gating metric, regressions first (worst
// first), then inconclusive, unchanged, improved; rows without a change
// (new, removed, errored) are left to the tables.
ChangeChart change_chart(const Comparison& comparison);

// One trend chart per family (at most 8 benchmarks each) over the runs,
// oldest first; empty with fewer than two runs.
std::vector<LineChart> history_charts(const std::vector<HistoryRun>& history);

// A page-unique element id made from free text.
std::string chart_id(std::string_view prefix, std::string_view text);

}  // namespace benchtool
