// The HTML report (see report.hpp).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "commands/version.hpp"
#include "io/metric.hpp"
#include "report/report.hpp"
#include "report/report_charts.hpp"

namespace benchtool {
namespace {

using svg::append;
using svg::escape;

constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0;
       color: #1a1a1a; background: #f6f6f4; font-size: 14px; line-height: 1.4; }
header { background: #1f2a36; color: #ffffff; padding: 14px 24px; }
header h1 { margin: 0 0 4px 0; font-size: 22px; }
header p { margin: 0; color: #d8dee6; }
nav { margin-top: 8px; }
nav a { color: #ffffff; margin-right: 16px; text-decoration: underline; }
main { padding: 8px 24px 32px 24px; }
section { margin-top: 20px; }
h2 { font-size: 18px; border-bottom: 2px solid #1f2a36; padding-bottom: 2px; }
.kv { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 16px; background: #ffffff;
      padding: 10px 14px; border: 1px solid #d0d0d0; }
.kv dt { font-weight: 600; color: #333333; }
.kv dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; word-break: break-all; }
.facts { margin: 4px 0 8px 0; font-size: 13px; }
.warnings { list-style: none; padding: 0; margin: 0 0 8px 0; font-size: 13px; }
.warnings li { padding: 3px 8px; margin-bottom: 3px; border-left: 5px solid #D55E00; background: #fff1e8; }
details summary { cursor: pointer; color: #333333; font-size: 13px; }
.warnings li.note { border-left-color: #0072B2; background: #eaf3fa; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 14px; }
figure { margin: 0; background: #ffffff; border: 1px solid #d0d0d0; padding: 6px; }
figure svg { width: 100%; height: auto; display: block; }
figure.wide { grid-column: 1 / -1; }
figcaption { font-size: 12px; color: #444444; padding: 2px 4px; }
table { border-collapse: collapse; background: #ffffff; font-size: 13px; width: 100%; }
th, td { border: 1px solid #d0d0d0; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #e8ebef; cursor: pointer; user-select: none; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " \25B2"; }
th[aria-sort="descending"]::after { content: " \25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; min-width: 12em; }
td.status { max-width: 10em; }
td.counters { min-width: 18em; }
td.why small { display: block; min-width: 9em; }
.scroll { overflow-x: auto; }
.counter { display: inline-block; margin-right: 10px; white-space: nowrap; }
.counter b { font-weight: 600; }
tr.errored td, tr.skipped td { color: #555555; font-style: italic; }
tr.verdict-regressed td { background: #fff1e8; }
tr.verdict-improved td { background: #eaf3fa; }
.verdict { font-weight: 600; white-space: nowrap; padding: 1px 6px; border-radius: 3px; border: 1px solid; }
.counts span { margin-right: 14px; }
.empty { color: #555555; font-style: italic; }
footer { color: #555555; font-size: 12px; padding: 0 24px 24px 24px; }
)css";

// Sorting for tables marked `sortable`: click a header; numbers sort as
// numbers via data-sort.
constexpr const char* kScript = R"js(
(function () {
  function key(cell) {
    var v = cell.getAttribute('data-sort');
    if (v === null) { v = cell.textContent; }
    var n = parseFloat(v);
    return isNaN(n) ? String(v).toLowerCase() : n;
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.title = 'click to sort';
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        rows.sort(function (a, b) {
          var x = key(a.cells[col]);
          var y = key(b.cells[col]);
          if (typeof x !== typeof y) { x = String(x); y = String(y); }
          return (x < y ? -1 : (x > y ? 1 : 0)) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
)js";

std::string verdict_badge(std::string_view verdict) {
  const auto style = svg::verdict_style(verdict);
  return fmt::format(
      R"(<span class="verdict" style="color:{0};border-color:{0}">{1} {2}</span>)",
      style.colour, style.symbol, escape(verdict));
}

// A benchmark name that may wrap after each '/', where its parts meet.
std::string breakable_name(std::string_view name) {
  std::string out;
  for (char c : escape(name)) {
    out += c;
    if (c == '/') out += "<wbr>";
  }
  return out;
}

std::string num(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "";
}

void context_section(const ReportInput& input, std::string& out) {
  out += R"(<section id="context"><h2>Run context</h2>)";
  // The facts that decide whether figures compare, on one line; the rest
  // folded below.
  const auto items = context_items(input.current);
  out += R"(<p class="facts">)";
  bool first = true;
  static constexpr std::pair<const char*, const char*> kFacts[] = {
      {"date", ""},
      {"host", "on "},
      {"machine", ""},
      {"caches", ""},
      {"compiler", ""},
      {"flags", ""},
      {"build type (marketbench)", "build "},
      {"git sha", "git "},
      {"load average (1, 5, 15 min)", "load "}};
  for (const auto& [key, label] : kFacts) {
    for (const auto& item : items) {
      if (item.key != key) continue;
      append(out, R"({}<span title="{}">{}{}</span>)", first ? "" : " \u00B7 ",
             escape(item.key), label, escape(item.value));
      first = false;
    }
  }
  out += "</p>";
  const auto warnings = report_warnings(input);
  if (!warnings.empty()) {
    out += R"(<ul class="warnings">)";
    for (const auto& w : warnings) {
      append(out, R"(<li class="{}">{} {}</li>)",
             w.serious ? "warning" : "note", w.serious ? "\u26A0" : "\u2139",
             escape(w.text));
    }
    out += "</ul>";
  }
  out +=
      R"(<details><summary>Everything recorded about the run</summary><dl class="kv">)";
  for (const auto& item : items) {
    append(out, "<dt>{}</dt><dd>{}</dd>", escape(item.key), escape(item.value));
  }
  out += "</dl></details></section>";
}

void changes_section(const ReportInput& input, std::string& out) {
  if (!input.comparison) return;
  const Comparison& cmp = *input.comparison;
  out += R"(<section id="changes"><h2>Changes vs baseline</h2>)";
  const Results* base = input.baseline ? &*input.baseline : nullptr;
  append(out, "<p>Baseline: <code>{}</code> ({}, git {}).</p>",
         escape(base ? base->path : ""), escape(base ? base->context.date : ""),
         escape(base ? base->context.custom_value("git_sha") : ""));
  out += R"(<p class="counts">)";
  for (const Verdict v : kAllVerdicts) {
    if (const auto n = cmp.count(v)) {
      append(out, "<span>{} &times; {}</span>", verdict_badge(to_string(v)), n);
    }
  }
  for (const auto& g : cmp.geomeans) {
    append(out,
           "<span>geometric mean of new/old median {} over {} benchmarks: "
           "<b>{:.3f}</b></span>",
           escape(g.metric), g.count, g.ratio);
  }
  out += "</p>";
  const ChangeChart chart = change_chart(cmp);
  if (chart.bars.empty()) {
    out += R"(<p class="empty">No benchmark has a change to chart.</p>)";
  } else {
    append(
        out,
        R"(<div class="charts"><figure class="wide">{}<figcaption>{}</figcaption></figure></div>)",
        render_svg(chart),
        "Each bar is the relative change of a benchmark's median against the "
        "baseline; the verdict is "
        "compare's (Mann-Whitney U over the repetitions and the threshold). "
        "Hatched bars are regressions.");
  }
  out += "</section>";
}

// The baseline, change, p-value and verdict cells of a summary row.
void comparison_cells(const MetricComparison* r, std::string& out) {
  if (!r) {
    out += R"(<td></td><td></td><td></td><td data-sort="9"></td>)";
    return;
  }
  append(out, R"(<td class="num" data-sort="{}">{}</td>)",
         r->base ? num(r->base->median) : "",
         r->base ? format_metric_value(r->metric, r->base->median) : "");
  append(out, R"(<td class="num" data-sort="{}">{}</td>)",
         r->change ? num(*r->change) : "",
         r->change ? format_change(*r->change) : "");
  append(out, R"(<td class="num" data-sort="{}">{}</td>)",
         r->p_value ? num(*r->p_value) : "",
         r->p_value ? fmt::format("{:.3g}", *r->p_value) : "");
  const std::string_view verdict = to_string(r->verdict);
  const int rank = verdict == "regressed"      ? 0
                   : verdict == "inconclusive" ? 1
                   : verdict == "improved"     ? 3
                                               : 2;
  append(out, R"(<td class="why" data-sort="{}">{}{}</td>)", rank,
         verdict_badge(verdict),
         r->reason.empty()
             ? ""
             : fmt::format("<br><small>{}</small>", escape(r->reason)));
}

// A benchmark's own cells: repetitions, times and counters.
void result_cells(const Results& run, const Benchmark& b, std::string& out) {
  append(out, R"(<td class="num">{}</td>)", repetitions_text(run, b));
  for (const char* time : {"real_time", "cpu_time"}) {
    const double median = median_of(run, b, time);
    append(out, R"(<td class="num" data-sort="{}">{}</td>)", num(median),
           format_duration_ns(median));
  }
  // Iterations lead the counters: useful, but not worth a column.
  const double iterations =
      median(benchmark_samples(run, b, "iterations").values);
  append(
      out,
      R"(<td class="counters"><span class="counter">iterations <b>{}</b></span>)",
      iterations < 1e4 ? fmt::format("{:.0f}", iterations)
                       : format_si(iterations));
  for (const std::string& name : counter_names(run, b)) {
    append(out, R"(<span class="counter">{} <b>{}</b></span>)", escape(name),
           escape(format_metric_value(name, median_of(run, b, name))));
  }
  out += "</td>";
}

void summary_section(const ReportInput& input, std::string& out) {
  const Comparison* cmp = input.comparison ? &*input.comparison : nullptr;
  out += R"(<section id="summary"><h2>Summary of every benchmark</h2>)";
  out +=
      R"(<div class="scroll"><table class="sortable" id="summary-table"><thead><tr><th>benchmark</th><th>status</th>)"
      R"(<th>reps</th><th>real time</th><th>CPU time</th><th>counters (median)</th>)";
  if (cmp)
    out += "<th>baseline</th><th>change</th><th>p-value</th><th>verdict</th>";
  out += "</tr></thead><tbody>";
  const std::string gate = cmp ? gate_metric(*cmp) : "real_time";
  static const std::vector<MetricComparison> kNone;
  const auto& entries = cmp ? cmp->entries : kNone;
  auto change_of = [&](std::string_view name) -> const MetricComparison* {
    for (const auto& r : entries) {
      if (r.name == name && r.metric == gate) return &r;
    }
    return nullptr;
  };
  for (const Benchmark* b : listed_benchmarks(input.current)) {
    // Regressed and improved rows are tinted; the verdict cell says it in
    // words.
    const MetricComparison* change = change_of(b->name);
    std::string tint, message;
    if (change && (change->verdict == Verdict::kRegressed ||
                   change->verdict == Verdict::kImproved)) {
      tint = fmt::format(" verdict-{}", to_string(change->verdict));
    }
    const RunStatus status = run_status(input.current, *b, &message);
    append(
        out,
        R"(<tr class="{}{}"><td class="name">{}</td><td class="status">{}{}</td>)",
        to_string(status), tint, breakable_name(b->name), to_string(status),
        message.empty() ? "" : fmt::format(": {}", escape(message)));
    if (status == RunStatus::kOk)
      result_cells(input.current, *b, out);
    else
      out +=
          R"(<td></td><td data-sort=""></td><td data-sort=""></td><td></td>)";
    if (cmp) comparison_cells(change, out);
    out += "</tr>";
  }
  // Benchmarks only the baseline has.
  for (const auto& r : entries) {
    if (r.metric != gate || find_listed(input.current, r.name)) continue;
    append(
        out,
        R"(<tr class="skipped"><td class="name">{}</td><td>not in this run</td>)"
        R"(<td></td><td></td><td></td><td></td>)",
        escape(r.name));
    comparison_cells(&r, out);
    out += "</tr>";
  }
  out += "</tbody></table></div></section>";
}

// A section's charts as figures with their captions, or a line saying why
// there are none.
template <typename Chart, typename Caption>
void figures(const std::vector<Chart>& charts, std::string_view none,
             Caption caption, std::string& out) {
  if (charts.empty()) {
    append(out, R"(<p class="empty">{}</p>)", none);
    return;
  }
  out += R"(<div class="charts">)";
  for (const auto& c : charts) {
    append(out, "<figure>{}<figcaption>{}</figcaption></figure>", render_svg(c),
           escape(caption(c)));
  }
  out += "</div>";
}

void charts_section(const ReportInput& input, std::string& out) {
  const FamilyCharts charts = scaling_charts(input.current, input.charts);
  out += R"(<section id="scaling"><h2>Scaling</h2>)";
  figures(
      charts.lines,
      "No benchmark family in this run sweeps a numeric argument.",
      [](const LineChart& c) {
        return c.x.log || c.y.log ? "Medians over the repetitions; axes marked "
                                    "\"log scale\" span more than 10x."
                                  : "Medians over the repetitions.";
      },
      out);
  out += R"(</section><section id="pipeline"><h2>Pipeline stages</h2>)";
  figures(
      charts.stacks, "No benchmark in this run publishes stage_*_ns counters.",
      [](const StackedBarChart&) {
        return "Median time of each stage per iteration, stacked; the label "
               "on top is the sum.";
      },
      out);
  out += "</section>";
}

void history_section(const ReportInput& input, std::string& out) {
  if (input.history.empty()) return;
  out += R"(<section id="history"><h2>History</h2>)";
  const auto charts = history_charts(input.history);
  if (!charts.empty()) {
    append(out,
           "<p>{} runs, oldest first. A ring marks a run that compare called "
           "regressed against the run before it.</p>",
           input.history.size());
  }
  figures(
      charts, "Only one run: trends need at least two.",
      [](const LineChart&) { return "Median real time per run."; }, out);
  out += "</section>";
}

}  // namespace

std::string render_html_report(const ReportInput& input) {
  const Results& run = input.current;
  const Context& c = run.context;
  const std::string sha(c.custom_value("git_sha"));
  std::string out;
  out.reserve(1 << 20);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out +=
      R"(<meta name="viewport" content="width=device-width, initial-scale=1">)";
  append(out, "<title>marketbench report {} {}</title>", escape(sha),
         escape(c.date));
  append(out, "<style>{}</style></head><body>", kStyle);
  append(out,
         "<header><h1>marketbench report</h1><p>{} benchmarks, run {} on "
         "{}{}</p><nav>",
         listed_benchmarks(run).size(), escape(c.date), escape(c.host_name),
         sha.empty() ? std::string() : fmt::format(", git {}", escape(sha)));
  out += R"(<a href="#context">Context</a>)";
  if (input.comparison) out += R"(<a href="#changes">Changes</a>)";
  out += R"(<a href="#scaling">Scaling</a><a href="#pipeline">Pipeline</a>)";
  if (!input.history.empty()) out += R"(<a href="#history">History</a>)";
  out += R"(<a href="#summary">Summary table</a></nav></header><main>)";
  context_section(input, out);
  changes_section(input, out);
  charts_section(input, out);
  history_section(input, out);
  summary_section(input, out);
  append(out,
         "</main><footer>Written by benchtool {} from "
         "{}.</footer><script>{}</script></body></html>\n",
         version(), escape(run.path), kScript);
  return out;
}

}  // namespace benchtool
