// What a report is made from: the run, its baseline and history, and the
// chart rules file.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/printable.hpp"
#include "report/report.hpp"

namespace benchtool {
namespace {

// Two files hold the same run when Google Benchmark stamped them alike (e.g.
// results/latest.json and the timestamped copy it was made from).
bool same_run(const Results& a, const Results& b) {
  return a.context.date == b.context.date &&
         a.context.host_name == b.context.host_name &&
         a.context.custom_value("git_sha") ==
             b.context.custom_value("git_sha") &&
         a.rows.size() == b.rows.size();
}

std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, v);
  if (ec != std::errc() || end != s.data() + pos + n) return std::nullopt;
  return v;
}

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, std::string_view problem) {
  throw InputError(fmt::format("{}: {}", printable(path), problem));
}

std::string text(const std::string& path, const std::string& key,
                 const json& v) {
  if (!v.is_string())
    fail(path, fmt::format("{} is {}, expected a string", printable(key),
                           json_type_phrase(v)));
  return v.get<std::string>();
}

std::vector<std::string> texts(const std::string& path, const std::string& key,
                               const json& v) {
  if (!v.is_array())
    fail(path, fmt::format("{} is {}, expected an array of strings",
                           printable(key), json_type_phrase(v)));
  std::vector<std::string> out;
  for (const json& item : v) out.push_back(text(path, key + "[]", item));
  return out;
}

}  // namespace

std::optional<long long> parse_context_date(std::string_view d) {
  const auto year = digits(d, 0, 4), month = digits(d, 5, 2),
             day = digits(d, 8, 2);
  const auto hour = digits(d, 11, 2), minute = digits(d, 14, 2),
             second = digits(d, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || d[4] != '-' ||
      d[7] != '-' || (d[10] != 'T' && d[10] != ' ')) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::year(*year),
      std::chrono::month(static_cast<unsigned>(*month)),
      std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return std::nullopt;
  long long t =
      std::chrono::sys_days(ymd).time_since_epoch().count() * 86400LL +
      *hour * 3600LL + *minute * 60LL + *second;
  const std::string_view zone = d.substr(19);
  if (zone.empty() || zone == "Z") return t;
  const auto zh = digits(zone, 1, 2), zm = digits(zone, 4, 2);
  if ((zone[0] != '+' && zone[0] != '-') || !zh || !zm) return std::nullopt;
  const long long offset = *zh * 3600LL + *zm * 60LL;
  return zone[0] == '+' ? t - offset : t + offset;
}

ReportInput build_report_input(const ReportSources& sources) {
  ReportInput input;
  input.current = load_results(sources.run);
  if (sources.baseline) {
    input.baseline = load_results(*sources.baseline);
    input.comparison = compare(*input.baseline, input.current, sources.options);
  }
  if (sources.history.empty()) return input;

  std::vector<Results> runs;
  for (const auto& path : sources.history) {
    Results r = load_results(path);
    if (same_run(r, input.current)) continue;
    if (std::any_of(runs.begin(), runs.end(),
                    [&](const Results& o) { return same_run(o, r); }))
      continue;
    runs.push_back(std::move(r));
  }
  // Date order when every date parses; otherwise the order given.
  const bool dated =
      std::all_of(runs.begin(), runs.end(), [](const Results& r) {
        return parse_context_date(r.context.date).has_value();
      });
  if (dated) {
    std::stable_sort(runs.begin(), runs.end(),
                     [](const Results& a, const Results& b) {
                       return *parse_context_date(a.context.date) <
                              *parse_context_date(b.context.date);
                     });
  }
  runs.push_back(input.current);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    HistoryRun h{runs[i], {}};
    if (i > 0) {
      for (const auto& e :
           compare(runs[i - 1], runs[i], sources.options).entries)
        if (e.verdict == Verdict::kRegressed) h.regressed.insert(e.name);
    }
    input.history.push_back(std::move(h));
  }
  return input;
}

ChartRules load_chart_rules(const std::string& path) {
  const json doc = read_json_file(path);
  if (!doc.is_object())
    fail(path, fmt::format("the top level is {}, expected an object",
                           json_type_phrase(doc)));
  ChartRules rules;
  for (const auto& [key, v] : doc.items()) {
    if (key == "axis_labels" && v.is_object()) {
      for (const auto& [arg, label] : v.items())
        rules.axis_labels[arg] =
            text(path, fmt::format("{}.{}", key, arg), label);
    } else if (key == "headline") {
      rules.headline = texts(path, key, v);
    } else if (key == "headline_over_threads") {
      rules.headline_over_threads = texts(path, key, v);
    } else if (key == "per_unit_argument") {
      rules.per_unit_argument = text(path, key, v);
    } else if (key == "percentiles") {
      rules.percentiles = texts(path, key, v);
    } else if (key == "percentile_axis") {
      rules.percentile_axis = text(path, key, v);
    } else if (key == "stages") {
      rules.stages = texts(path, key, v);
    } else if (key == "stage_prefix") {
      rules.stage_prefix = text(path, key, v);
    } else if (!key.starts_with("_")) {
      fail(path, fmt::format("unknown key '{}' or wrong type (expected "
                             "axis_labels, headline, headline_over_threads, "
                             "per_unit_argument, percentiles, percentile_axis, "
                             "stages, stage_prefix)",
                             printable(key)));
    }
  }
  return rules;
}

}  // namespace benchtool
