#pragma once
// The run-context section of the reports: what the run ran on, and the
// warnings a reader needs before trusting its figures.

#include <string>
#include <vector>

#include "report/report_model.hpp"

namespace benchtool {

struct ContextItem {
  std::string key;
  std::string value;
};

// Date, host, CPUs and MHz, caches, load average, compiler, flags, build
// types, git sha and the rest of the custom context, in reading order.
std::vector<ContextItem> context_items(const RunData& run);

struct ReportWarning {
  bool serious =
      true;  // false: explains something that looks alarming but is not
  std::string text;
};

// The Debian library's DEBUG build type, a non-release marketbench build, CPU
// frequency scaling, a load average above the core count, fewer than 9
// repetitions where a comparison or a history needs them, errored and skipped
// benchmarks, and compare's context mismatches.
std::vector<ReportWarning> report_warnings(const ReportInput& input);

// The repetitions below which compare's Mann-Whitney test has little power.
inline constexpr int kRecommendedRepetitions = 9;

}  // namespace benchtool
