// What a report is made from: the run as the report reads it, its baseline
// and history, and the chart rules file.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/printable.hpp"
#include "report/report.hpp"
#include "stats/stats.hpp"

namespace benchtool {
namespace {

bool listed(const Results& run, const Benchmark& b) {
  return !b.samples.empty() || find_aggregate(run, b, "median");
}

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

std::vector<const Benchmark*> listed_benchmarks(const Results& run) {
  std::vector<const Benchmark*> out;
  for (const Benchmark& b : run.benchmarks) {
    if (listed(run, b)) out.push_back(&b);
  }
  return out;
}

const Benchmark* find_listed(const Results& run, std::string_view name) {
  const Benchmark* b = run.find(name);
  return b && listed(run, *b) ? b : nullptr;
}

const char* to_string(RunStatus status) {
  static constexpr const char* kNames[] = {"ok", "errored", "skipped"};
  return kNames[static_cast<int>(status)];
}

RunStatus run_status(const Results& run, const Benchmark& b,
                     std::string* message) {
  std::string text;
  RunStatus status = RunStatus::kOk;
  if (const Row* e = first_errored_sample(run, b)) {
    status = RunStatus::kErrored;
    text = e->error_message;
  } else if (!b.samples.empty() &&
             std::all_of(b.samples.begin(), b.samples.end(),
                         [&](std::size_t i) { return run.rows[i].skipped; })) {
    status = RunStatus::kSkipped;
    text = run.rows[b.samples.front()].skip_message;
  }
  if (message) *message = std::move(text);
  return status;
}

std::optional<MetricStats> metric_stats(const Results& run, const Benchmark& b,
                                        std::string_view metric) {
  const std::vector<double> values = benchmark_samples(run, b, metric).values;
  // iterations is a field of a row, not a counter: the tables print it apart.
  if (metric != "real_time" && metric != "cpu_time" &&
      (values.empty() || metric == "iterations"))
    return std::nullopt;
  std::vector<double> finite;
  std::copy_if(values.begin(), values.end(), std::back_inserter(finite),
               [](double v) { return std::isfinite(v); });
  if (finite.empty()) return MetricStats{values.size(), NAN, NAN, NAN, NAN};
  const Summary s = summarize(finite);
  return MetricStats{values.size(), s.median, s.min, s.max, s.stddev};
}

double median_of(const Results& run, const Benchmark& b,
                 std::string_view metric) {
  const auto m = metric_stats(run, b, metric);
  return m ? m->median : NAN;
}

std::vector<std::string> counter_names(const Results& run, const Benchmark& b) {
  std::set<std::string> names;
  for (std::size_t i : b.samples) {
    const Row& row = run.rows[i];
    if (row.error_occurred || row.skipped) continue;
    for (const auto& c : row.counters) names.insert(c.first);
  }
  if (b.samples.empty()) {
    if (const Row* median_row = find_aggregate(run, b, "median"))
      for (const auto& c : median_row->counters) names.insert(c.first);
  }
  return {names.begin(), names.end()};
}

std::string repetitions_text(const Results& run, const Benchmark& b) {
  const Row* median_row =
      b.samples.empty() ? find_aggregate(run, b, "median") : nullptr;
  if (median_row && median_row->repetitions > 0)
    return fmt::format("{} (aggregates only)", median_row->repetitions);
  return std::to_string(metric_stats(run, b, "real_time")->count);
}

std::size_t min_repetitions(const Results& run) {
  std::size_t n = std::numeric_limits<std::size_t>::max();
  for (const Benchmark* b : listed_benchmarks(run)) {
    if (run_status(run, *b) == RunStatus::kOk)
      n = std::min(n, metric_stats(run, *b, "real_time")->count);
  }
  return n == std::numeric_limits<std::size_t>::max() ? 0 : n;
}

std::string gate_metric(const Comparison& comparison) {
  return comparison.options.metrics.empty()
             ? "real_time"
             : comparison.options.metrics.front();
}

std::vector<const MetricComparison*> ordered_changes(
    const Comparison& comparison) {
  static constexpr Verdict kOrder[] = {
      Verdict::kRegressed, Verdict::kInconclusive, Verdict::kUnchanged,
      Verdict::kImproved,  Verdict::kNew,          Verdict::kRemoved,
      Verdict::kErrored};
  const auto rank = [](Verdict v) {
    return std::find(std::begin(kOrder), std::end(kOrder), v) -
           std::begin(kOrder);
  };
  // How much worse: the change signed so that larger is worse.
  const auto worse = [](const MetricComparison* e) -> double {
    if (!e->change || !std::isfinite(*e->change))
      return -std::numeric_limits<double>::infinity();
    return *e->change *
           (e->direction == Direction::kHigherIsBetter ? -1.0 : 1.0);
  };
  const std::string metric = gate_metric(comparison);
  std::vector<const MetricComparison*> rows;
  for (const auto& e : comparison.entries) {
    if (e.metric == metric) rows.push_back(&e);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const MetricComparison* a, const MetricComparison* b) {
                     if (rank(a->verdict) != rank(b->verdict))
                       return rank(a->verdict) < rank(b->verdict);
                     return worse(a) > worse(b);
                   });
  return rows;
}

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
  for (Results& run : runs) {
    HistoryRun h{std::move(run), {}};
    if (!input.history.empty()) {
      for (const auto& e :
           compare(input.history.back().run, h.run, sources.options).entries)
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
  const std::map<std::string_view, std::string*> strings = {
      {"per_unit_argument", &rules.per_unit_argument},
      {"percentile_axis", &rules.percentile_axis},
      {"stage_prefix", &rules.stage_prefix}};
  const std::map<std::string_view, std::vector<std::string>*> lists = {
      {"headline", &rules.headline},
      {"headline_over_threads", &rules.headline_over_threads},
      {"percentiles", &rules.percentiles},
      {"stages", &rules.stages}};
  for (const auto& [key, v] : doc.items()) {
    if (key == "axis_labels" && v.is_object()) {
      for (const auto& [arg, label] : v.items())
        rules.axis_labels[arg] =
            text(path, fmt::format("{}.{}", key, arg), label);
    } else if (const auto it = strings.find(key); it != strings.end()) {
      *it->second = text(path, key, v);
    } else if (const auto list = lists.find(key); list != lists.end()) {
      *list->second = texts(path, key, v);
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
