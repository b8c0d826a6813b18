#include <fmt/format.h>

#include <cmath>

#include "commands/format.hpp"
#include "io/metric.hpp"
#include "io/table.hpp"

namespace benchtool {
namespace {

std::string side_label(const std::string& path, const Context& context) {
  std::string label = path;
  if (const auto sha = context.custom_value("git_sha"); !sha.empty())
    label += fmt::format("  git {}", sha);
  if (!context.date.empty()) label += fmt::format("  {}", context.date);
  return label;
}

std::string summary_line(const Comparison& c) {
  std::string line;
  for (const Verdict v : kAllVerdicts) {
    line += fmt::format("{}{} {}", line.empty() ? "" : ", ", c.count(v),
                        to_string(v));
  }
  return line;
}

std::string geomean_text(const GeometricMean& g) {
  if (g.count == 0)
    return fmt::format("{}: no benchmark with positive medians on both sides",
                       g.metric);
  return fmt::format("{} {:.4f} ({}) over {} benchmark{}", g.metric, g.ratio,
                     format_change(g.ratio - 1), g.count,
                     g.count == 1 ? "" : "s");
}

// The geometric means, the metrics some benchmarks lack and the notes, a line
// each (Markdown: a list).
std::string footer(const Comparison& c, bool markdown) {
  const char* item = markdown ? "- " : "";
  const char* note = markdown ? "- " : "note: ";
  const char* code = markdown ? "`" : "";
  std::string out;
  for (const GeometricMean& g : c.geomeans)
    out +=
        fmt::format("{}geometric mean new/base: {}\n", item, geomean_text(g));
  for (const auto& [metric, count] : c.lacking_metric) {
    out += fmt::format(
        "{}{} benchmark{} without {}{}{} on either side (not listed)\n", note,
        count, count == 1 ? "" : "s", code, metric, code);
  }
  for (const std::string& n : c.notes) out += fmt::format("{}{}\n", note, n);
  return out;
}

std::string value_or_dash(const std::optional<Summary>& s,
                          const std::string& metric) {
  return s ? format_metric_value(metric, s->median) : "-";
}

std::string n_text(const MetricComparison& e) {
  return fmt::format("{}/{}", e.base ? fmt::format("{}", e.base->n) : "-",
                     e.next ? fmt::format("{}", e.next->n) : "-");
}

std::string estimate_cell(const MetricComparison& e) {
  if (!e.estimate) return "-";
  std::string cell = format_change(*e.estimate);
  if (e.interval_low && e.interval_high) {
    cell += fmt::format(" [{}, {}]", format_change(*e.interval_low),
                        format_change(*e.interval_high));
  }
  return cell;
}

// The colour of a verdict in text tables (none for unchanged).
std::string_view verdict_color(Verdict verdict) {
  constexpr std::string_view kColors[] = {kBoldRed, kGreen, {},      kYellow,
                                          kCyan,    kCyan,  kMagenta};
  return kColors[static_cast<std::size_t>(verdict)];
}

Table comparison_table(const Comparison& c, bool only_notable,
                       bool with_reason) {
  Table t;
  t.headers = {
      "Benchmark",           "Metric", "Base median", "New median", "Change",
      "Estimate [interval]", "MDE",    "p",           "n",          "Verdict"};
  t.align = {Align::kLeft,  Align::kLeft,  Align::kRight, Align::kRight,
             Align::kRight, Align::kRight, Align::kRight, Align::kRight,
             Align::kRight, Align::kLeft};
  if (with_reason) t.headers.emplace_back("Reason");
  for (const MetricComparison& e : c.entries) {
    if (only_notable && e.verdict == Verdict::kUnchanged) continue;
    std::vector<Cell> row = plain_cells(
        {e.name, e.metric, value_or_dash(e.base, e.metric),
         value_or_dash(e.next, e.metric),
         e.change ? format_change(*e.change) : "-", estimate_cell(e),
         percent_or_dash(e.mde),
         e.p_value ? fmt::format("{:.3g}", *e.p_value) : "-", n_text(e)});
    row.push_back(
        {std::string(to_string(e.verdict)), verdict_color(e.verdict)});
    if (with_reason) row.push_back({e.reason, {}});
    t.rows.push_back(std::move(row));
  }
  return t;
}

nlohmann::ordered_json stats_json(const std::optional<Summary>& s) {
  if (!s) return nullptr;
  return {{"n", s->n},           {"median", s->median}, {"mean", s->mean},
          {"stddev", s->stddev}, {"cv", s->cv},         {"min", s->min},
          {"max", s->max}};
}

nlohmann::ordered_json side_json(const std::string& path,
                                 const Context& context) {
  nlohmann::ordered_json j;
  j["path"] = path;
  nlohmann::ordered_json ctx;
  if (!context.date.empty()) ctx["date"] = context.date;
  if (!context.host_name.empty()) ctx["host_name"] = context.host_name;
  if (context.num_cpus) ctx["num_cpus"] = *context.num_cpus;
  if (context.mhz_per_cpu) ctx["mhz_per_cpu"] = *context.mhz_per_cpu;
  for (const auto& [key, value] : context.custom) ctx[key] = value;
  j["context"] = std::move(ctx);
  return j;
}

}  // namespace

std::string format_comparison_text(const Comparison& c, bool color) {
  std::string out = fmt::format("BASE  {}\nNEW   {}\n",
                                side_label(c.base_path, c.base_context),
                                side_label(c.new_path, c.new_context));
  for (const ContextMismatch& m : c.context_mismatches) {
    out += fmt::format("{}warning: context differs: {}: {} -> {}{}\n",
                       color ? kYellow : "", m.key, m.base_value, m.new_value,
                       color ? kReset : "");
  }
  out += '\n';
  out += render_text(comparison_table(c, false, true), color);
  out += '\n';
  return out + summary_line(c) + '\n' + footer(c, false);
}

std::string format_comparison_markdown(const Comparison& c) {
  std::string out = "## benchtool compare\n\n";
  out += fmt::format("**BASE** `{}` → **NEW** `{}`\n\n",
                     side_label(c.base_path, c.base_context),
                     side_label(c.new_path, c.new_context));
  if (!c.context_mismatches.empty()) {
    out +=
        "> ⚠️ **The two runs come from different setups**; timings may not "
        "be comparable:\n";
    for (const ContextMismatch& m : c.context_mismatches) {
      out += fmt::format("> - `{}`: `{}` → `{}`\n", m.key, m.base_value,
                         m.new_value);
    }
    out += '\n';
  }
  const std::size_t regressed = c.count(Verdict::kRegressed);
  out += regressed > 0 ? fmt::format("**{} regressed** — ", regressed)
                       : std::string("**No regression** — ");
  out += summary_line(c) + "\n\n" + footer(c, true) + '\n';
  const Table notable = comparison_table(c, true, true);
  if (notable.rows.empty()) {
    out += "Every comparison is `unchanged`.\n\n";
  } else {
    out += "### Not unchanged\n\n" + render_markdown(notable) + '\n';
  }
  out += fmt::format("<details><summary>All {} comparisons</summary>\n\n",
                     c.entries.size());
  out += render_markdown(comparison_table(c, false, false));
  out += "\n</details>\n";
  return out;
}

std::string format_comparison_json(const Comparison& c, int exit_code) {
  using Json = nlohmann::ordered_json;
  Json rules = Json::array(), directions = Json::object();
  for (const ThresholdRule& r : c.options.thresholds) {
    Json rule{{"benchmark", r.pattern.text()}, {"threshold", r.threshold}};
    if (!r.metric.empty()) rule["metric"] = r.metric;
    rules.push_back(std::move(rule));
  }
  for (const auto& [metric, direction] : c.options.directions)
    directions[metric] = to_string(direction);
  Json mismatches = Json::array(), entries = Json::array();
  for (const ContextMismatch& m : c.context_mismatches) {
    mismatches.push_back(
        {{"key", m.key}, {"base", m.base_value}, {"new", m.new_value}});
  }
  for (const MetricComparison& e : c.entries) {
    const bool interval = e.interval_low && e.interval_high;
    entries.push_back(
        {{"name", e.name},
         {"metric", e.metric},
         {"direction", to_string(e.direction)},
         {"threshold", e.threshold},
         {"base", stats_json(e.base)},
         {"new", stats_json(e.next)},
         {"change", optional_json(e.change)},
         {"p_value", optional_json(e.p_value)},
         {"adjusted_p_value", optional_json(e.adjusted_p)},
         {"unit", to_string(e.unit)},
         {"estimate", optional_json(e.estimate)},
         {"interval",
          interval ? Json{*e.interval_low, *e.interval_high} : Json(nullptr)},
         {"spread", optional_json(e.spread)},
         {"mde", optional_json(e.mde)},
         {"verdict", to_string(e.verdict)},
         {"reason", e.reason}});
  }
  Json geomeans = Json::array(), lacking = Json::array(), summary;
  for (const GeometricMean& g : c.geomeans) {
    geomeans.push_back({{"metric", g.metric},
                        {"ratio", g.count > 0 ? Json(g.ratio) : Json(nullptr)},
                        {"count", g.count}});
  }
  for (const auto& [metric, count] : c.lacking_metric)
    lacking.push_back({{"metric", metric}, {"benchmarks", count}});
  for (const Verdict v : kAllVerdicts)
    summary[std::string(to_string(v))] = c.count(v);
  const Json options{{"metrics", c.options.metrics},
                     {"threshold", c.options.threshold},
                     {"alpha", c.options.alpha},
                     {"p_adjust", c.options.holm ? "holm" : "none"},
                     {"power", c.options.power},
                     {"thresholds", rules},
                     {"directions", directions}};
  return json_text({{"schema_version", 1},
                    {"base", side_json(c.base_path, c.base_context)},
                    {"new", side_json(c.new_path, c.new_context)},
                    {"options", options},
                    {"context_mismatches", mismatches},
                    {"comparisons", entries},
                    {"geometric_means", geomeans},
                    {"lacking_metric", lacking},
                    {"notes", c.notes},
                    {"summary", summary},
                    {"exit_code", exit_code}});
}

std::string json_text(const nlohmann::ordered_json& json) {
  return json.dump(2, ' ', false,
                   nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

nlohmann::ordered_json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(*value)
               : nlohmann::ordered_json(nullptr);
}

std::vector<Cell> plain_cells(std::vector<std::string> texts) {
  std::vector<Cell> cells;
  for (std::string& text : texts) cells.push_back({std::move(text), {}});
  return cells;
}

std::string percent_or_dash(const std::optional<double>& fraction) {
  if (!fraction) return "-";
  return std::isfinite(*fraction) ? fmt::format("{:.1f}%", *fraction * 100)
                                  : "inf";
}

}  // namespace benchtool
