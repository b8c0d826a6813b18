#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/metric.hpp"
#include "io/table.hpp"
#include "report/chart.hpp"
#include "report/report.hpp"

namespace benchtool {
namespace {

std::string counters_text(const Results& run, const Benchmark& b) {
  std::string out;
  for (const std::string& name : counter_names(run, b)) {
    out += fmt::format("{}{} {}", out.empty() ? "" : " · ", name,
                       format_metric_value(name, median_of(run, b, name)));
  }
  return out;
}

// The changes against the baseline: verdict counts, geometric means and one
// row per comparison, regressions first.
std::string changes_section(const ReportInput& input, const Comparison& cmp) {
  std::string out;
  const std::string metric = gate_metric(cmp);
  const std::string base_sha(
      input.baseline ? input.baseline->context.custom_value("git_sha") : "");
  out += fmt::format("### Changes vs baseline{} (median {})\n\n",
                     base_sha.empty() ? "" : fmt::format(" `{}`", base_sha),
                     metric);
  std::string counts;
  for (const Verdict v : kAllVerdicts) {
    if (const auto n = cmp.count(v)) {
      counts +=
          fmt::format("{}{} {} {}", counts.empty() ? "" : ", ",
                      svg::verdict_style(to_string(v)).symbol, n, to_string(v));
    }
  }
  out += counts + "\n\n";
  for (const auto& g : cmp.geomeans) {
    out += fmt::format(
        "Geometric mean of new/baseline medians ({}): {:.3f} over {} "
        "benchmarks.\n\n",
        g.metric, g.ratio, g.count);
  }
  Table t;
  t.headers = {"verdict", "benchmark", "baseline", "new",
               "change",  "p-value",   "why"};
  t.align = {Align::kLeft,  Align::kLeft,  Align::kRight, Align::kRight,
             Align::kRight, Align::kRight, Align::kLeft};
  for (const MetricComparison* e : ordered_changes(cmp)) {
    const std::string_view verdict = to_string(e->verdict);
    t.rows.push_back({
        {fmt::format("{} {}", svg::verdict_style(verdict).symbol, verdict), {}},
        {fmt::format("`{}`", e->name), {}},
        {e->base ? format_metric_value(e->metric, e->base->median) : "-", {}},
        {e->next ? format_metric_value(e->metric, e->next->median) : "-", {}},
        {e->change ? format_change(*e->change) : "-", {}},
        {e->p_value ? fmt::format("{:.3g}", *e->p_value) : "-", {}},
        {e->reason, {}},
    });
  }
  out += render_markdown(t) + "\n";
  return out;
}

}  // namespace

std::string render_markdown_report(const ReportInput& input) {
  const Results& run = input.current;
  const auto benchmarks = listed_benchmarks(run);
  const std::string sha(run.context.custom_value("git_sha"));
  std::string out = fmt::format("## marketbench results{}\n\n",
                                sha.empty() ? "" : fmt::format(" — `{}`", sha));
  out += fmt::format(
      "Run {} on {}, {} benchmarks. Full report with charts: "
      "`report.html`.\n\n",
      run.context.date,
      run.context.host_name.empty() ? "an unnamed host" : run.context.host_name,
      benchmarks.size());
  for (const auto& w : report_warnings(input)) {
    out += fmt::format("> {} {}\n", w.serious ? "⚠️" : "ℹ️", w.text);
  }
  out += '\n';

  if (input.comparison) out += changes_section(input, *input.comparison);

  out += fmt::format("### Summary ({} benchmarks)\n\n", benchmarks.size());
  Table s;
  s.headers = {"benchmark", "status",   "reps",
               "real time", "CPU time", "counters (median)"};
  s.align = {Align::kLeft,  Align::kLeft,  Align::kRight,
             Align::kRight, Align::kRight, Align::kLeft};
  for (const Benchmark* b : benchmarks) {
    std::string message;
    const RunStatus status = run_status(run, *b, &message);
    const bool ok = status == RunStatus::kOk;
    const std::string status_text =
        message.empty() ? std::string(to_string(status))
                        : fmt::format("{}: {}", to_string(status), message);
    s.rows.push_back({
        {fmt::format("`{}`", b->name), {}},
        {status_text, {}},
        {ok ? repetitions_text(run, *b) : "-", {}},
        {ok ? format_duration_ns(median_of(run, *b, "real_time")) : "-", {}},
        {ok ? format_duration_ns(median_of(run, *b, "cpu_time")) : "-", {}},
        {ok ? counters_text(run, *b) : "", {}},
    });
  }
  out += render_markdown(s);
  return out;
}

}  // namespace benchtool
