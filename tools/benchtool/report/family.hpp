#pragma once
// A family of benchmarks as the scaling charts see it (report_charts.hpp):
// its members, their arguments, the swept one on x and the series the other
// arguments split it into. family_charts.cpp builds it and draws its charts;
// fit_chart.cpp draws the per-unit chart of a family with a Big-O fit.

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/benchmark_name.hpp"
#include "report/report_charts.hpp"

namespace benchtool {

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

  double x_of(const Member& m) const {
    return numeric_arg(m.name, x_key).value_or(NAN);
  }
  // A chart with the family's id, title, note and x axis.
  LineChart line_chart(std::string_view what, std::string title) const;
};

// Adds a point to a series, and its y to the values that set the y axis.
void add_point(ChartSeries& s, std::vector<double>& ys, double x, double y,
               std::string tooltip);

// Google Benchmark's Big-O fits of a family name: its BigO rows, one per
// registered family (BM_BulkPriceQuery registers one per batch size).
std::vector<const Row*> fits_of(const Results& run, std::string_view family);
// GB's complexity function at n (complexity.cc: lgN is log base 2); nullopt
// for one it does not name.
std::optional<double> big_o_value(std::string_view big_o, double n);
// Real time per unit of x against x, with Google Benchmark's fitted curves.
LineChart per_unit_chart(const Family& f);

}  // namespace benchtool
