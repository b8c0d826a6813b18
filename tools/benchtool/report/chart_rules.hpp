#pragma once
// What the report's scaling charts plot, beyond what the file and the metric
// vocabulary say. Without a rules file the charts are generic: a family's
// first *_per_second counter (else items_per_second, else real time) against
// its swept argument. A suite refines them with a small JSON file (this
// suite's is bench/charts.json, documented in docs/CI.md).

#include <map>
#include <string>
#include <vector>

namespace benchtool {

struct ChartRules {
  // Axis label of a swept argument ("batch" -> "batch size (samples)"); an
  // argument not listed reads "<key> (argument value)".
  std::map<std::string, std::string, std::less<>> axis_labels;
  // The metric of a family's chart: the first of these the family has;
  // "rate" stands for its first *_per_second counter by name other than
  // items_per_second and bytes_per_second. real_time closes both lists.
  std::vector<std::string> headline = {"rate", "items_per_second"};
  std::vector<std::string> headline_over_threads = {"rate", "items_per_second"};
  // With a Google Benchmark Big-O fit, the family is charted as time per unit
  // of this argument (or of its only swept argument).
  std::string per_unit_argument;
  // Percentile counters charted against threads when a family has the first
  // ("latency_p50_ns", ...), and the y axis' words.
  std::vector<std::string> percentiles;
  std::string percentile_axis = "latency";
  // Time counters stacked per argument value when a family has two or more:
  // those named here in this order, then any other starting with the prefix.
  std::vector<std::string> stages;
  std::string stage_prefix;
};

// Reads a rules file; throws InputError naming the file and the problem.
ChartRules load_chart_rules(const std::string& path);

}  // namespace benchtool
