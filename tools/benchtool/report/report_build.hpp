#pragma once
// Assembles a report's input from files: the run, an optional baseline
// (compared with compare()), and an optional history put in date order with
// each run compared against the one before it.

#include <optional>
#include <string>
#include <vector>

#include "report/report_model.hpp"
#include "stats/compare.hpp"

namespace benchtool {

struct ReportSources {
  std::string run;
  std::optional<std::string> baseline;
  std::vector<std::string>
      history;  // any order; the run itself and duplicates are dropped
  CompareOptions options;
};

// Throws InputError naming the file for anything unreadable or invalid.
ReportInput build_report_input(const ReportSources& sources);

// Seconds since the epoch (UTC) of Google Benchmark's context date
// ("2026-11-26T21:42:05+00:00", also "...Z" or no offset); nullopt when it
// does not parse.
std::optional<long long> parse_context_date(std::string_view date);

}  // namespace benchtool
