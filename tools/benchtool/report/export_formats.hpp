#pragma once
// Exports of one run for existing dashboards:
//  - Bencher Metric Format (BMF): per benchmark, `latency` (real time, ns:
//    median with the repetitions' min and max as lower/upper values),
//    `throughput` (items_per_second, ops/s) and every other counter as its own
//    measure, slug = the counter name in kebab case;
//  - github-action-benchmark's custom JSON: arrays of {name, unit, value,
//    range, extra}, one for smaller-is-better metrics (real time and the
//    lower-is-better counters) and one for bigger-is-better counters.
// Errored and skipped benchmarks have no figures and are listed in `skipped`.

#include <string>
#include <vector>

#include "report/report_model.hpp"

namespace benchtool {

struct ExportResult {
  std::string text;                  // the JSON document
  std::vector<std::string> skipped;  // benchmarks left out, with the reason
};

ExportResult export_bmf(const RunData& run);

struct GithubExport {
  std::string smaller_is_better;  // for tool: customSmallerIsBetter
  std::string bigger_is_better;   // for tool: customBiggerIsBetter
  std::vector<std::string> skipped;
};

GithubExport export_github(const RunData& run);

// "samples_per_second" -> "samples-per-second".
std::string measure_slug(std::string_view counter_name);

}  // namespace benchtool
