#pragma once
// The report side of benchtool: the self-contained HTML report, the Markdown
// summary and the dashboard exports. They read the results model (Results,
// through benchmark_samples) and compare()'s Comparison; nothing here parses
// JSON except the chart rules file.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/results.hpp"
#include "stats/compare.hpp"

namespace benchtool {

// ---- A run as the report reads it ------------------------------------------

// The benchmarks a report lists, in file order: those with a sample row (an
// iteration row, or the median row of an aggregates-only file). A name with
// only BigO/RMS rows holds complexity fits, not a benchmark.
std::vector<const Benchmark*> listed_benchmarks(const Results& run);
const Benchmark* find_listed(const Results& run, std::string_view name);

enum class RunStatus { kOk, kErrored, kSkipped };
const char* to_string(RunStatus status);
// Errored when a sample errored, skipped when every sample was; `message`
// (if given) gets the error or skip message.
RunStatus run_status(const Results& run, const Benchmark& b,
                     std::string* message = nullptr);

// A metric over a benchmark's samples: how many there are (non-finite values
// included) and the median, min, max and standard deviation of the finite
// ones (NaN without any).
struct MetricStats {
  std::size_t count = 0;
  double median = 0, min = 0, max = 0, stddev = 0;
};
// real_time, cpu_time or a counter some sample has; nullopt otherwise.
std::optional<MetricStats> metric_stats(const Results& run, const Benchmark& b,
                                        std::string_view metric);
double median_of(const Results& run, const Benchmark& b,
                 std::string_view metric);  // NaN when absent
std::vector<std::string> counter_names(const Results& run, const Benchmark& b);
// "5", or "3 (aggregates only)".
std::string repetitions_text(const Results& run, const Benchmark& b);
// The fewest repetitions of a benchmark that ran (0 when none ran).
std::size_t min_repetitions(const Results& run);

// ---- What a report is made from ---------------------------------------------

// What the scaling charts plot beyond what the file and the metric vocabulary
// say. Without a rules file a family's chart is its first *_per_second
// counter (else items_per_second, else real time) against its swept argument;
// a suite refines that with a JSON file (ours: bench/charts.json, docs/CI.md).
struct ChartRules {
  // "batch" -> "batch size (samples)"; else "<key> (argument value)".
  std::map<std::string, std::string, std::less<>> axis_labels;
  // A family's metric: the first of these it has; "rate" stands for its first
  // *_per_second counter other than items_ and bytes_per_second. real_time
  // closes both lists.
  std::vector<std::string> headline = {"rate", "items_per_second"};
  std::vector<std::string> headline_over_threads = {"rate", "items_per_second"};
  // With a Big-O fit, time per unit of this argument (or the only swept one).
  std::string per_unit_argument;
  // Percentile counters charted against threads when a family has the first,
  // and the y axis' words.
  std::vector<std::string> percentiles;
  std::string percentile_axis = "latency";
  // Time counters stacked per argument value when a family has two or more:
  // these in this order, then any other starting with the prefix.
  std::vector<std::string> stages;
  std::string stage_prefix;
};

// Throws InputError naming the file and the problem.
ChartRules load_chart_rules(const std::string& path);

struct HistoryRun {
  Results run;
  std::set<std::string> regressed;  // by compare vs the previous run
};

struct ReportInput {
  Results current;
  std::optional<Results> baseline;
  std::optional<Comparison> comparison;  // compare(baseline, current)
  std::vector<HistoryRun> history;  // oldest first, ending with the current run
  ChartRules charts;
};

struct ReportSources {
  std::string run;
  std::optional<std::string> baseline;
  // Any order; the run itself and duplicates are dropped.
  std::vector<std::string> history;
  CompareOptions options;
};

// Loads the run, the baseline and the history (in date order, each run
// compared with the one before it). Throws InputError naming the file.
ReportInput build_report_input(const ReportSources& sources);

// Seconds since the epoch of Google Benchmark's context date
// ("2026-11-26T21:42:05+00:00", also "...Z" or no offset).
std::optional<long long> parse_context_date(std::string_view date);

// compare's gating metric: the first requested one.
std::string gate_metric(const Comparison& comparison);
// The entries on the gating metric: regressed (worst first), inconclusive,
// unchanged, improved, then new, removed and errored.
std::vector<const MetricComparison*> ordered_changes(
    const Comparison& comparison);

// ---- The run-context section ------------------------------------------------

struct ContextItem {
  std::string key, value;
};
// Date, host, CPUs and MHz, caches, load average, compiler, flags, build
// types, git sha and the rest of the custom context, in reading order.
std::vector<ContextItem> context_items(const Results& run);

struct ReportWarning {
  bool serious = true;  // false: explains something that looks alarming
  std::string text;
};
// The Debian library's DEBUG build type, a non-release build, CPU frequency
// scaling, load above the core count, fewer than 9 repetitions where a
// comparison or a history needs them, errored and skipped benchmarks, and
// compare's context mismatches.
std::vector<ReportWarning> report_warnings(const ReportInput& input);

// ---- Outputs ----------------------------------------------------------------

// One self-contained page (inline CSS and SVG, no external URL) that opens
// from file://. A little inline JavaScript sorts the summary table; every
// chart is drawn without it.
std::string render_html_report(const ReportInput& input);

// For a pull-request comment or a CI step summary: the warnings, the changes
// against the baseline (regressions first) and every benchmark's medians.
std::string render_markdown_report(const ReportInput& input);

// Exports for dashboards (formats in docs/CI.md): Bencher Metric Format, and
// github-action-benchmark's custom JSON split by direction. Errored and
// skipped benchmarks have no figures and are listed in `skipped`.
struct ExportResult {
  std::string text;
  std::vector<std::string> skipped;  // with the reason
};
ExportResult export_bmf(const Results& run);

struct GithubExport {
  std::string smaller_is_better;  // for tool: customSmallerIsBetter
  std::string bigger_is_better;   // for tool: customBiggerIsBetter
  std::vector<std::string> skipped;
};
GithubExport export_github(const Results& run);

// "samples_per_second" -> "samples-per-second".
std::string measure_slug(std::string_view counter_name);

}  // namespace benchtool
