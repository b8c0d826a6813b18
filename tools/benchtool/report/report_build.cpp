#include "report/report_build.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "io/input_error.hpp"
#include "io/results.hpp"
#include "report/report_input.hpp"

namespace benchtool {
namespace {

Results load(const std::string& path) {
  try {
    return load_results(path);
  } catch (const ResultsError& e) {
    throw InputError(e.what());
  }
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
  const Results current = load(sources.run);
  input.current = summarize_run(current);
  if (sources.baseline) {
    const Results base = load(*sources.baseline);
    input.baseline = summarize_run(base);
    input.comparison = compare(base, current, sources.options);
  }
  if (sources.history.empty()) return input;

  std::vector<Results> runs;
  for (const auto& path : sources.history) {
    Results r = load(path);
    if (same_run(r, current)) continue;
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
  runs.push_back(current);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    HistoryRun h;
    h.run = summarize_run(runs[i]);
    if (i > 0) {
      const Comparison c = compare(runs[i - 1], runs[i], sources.options);
      for (const auto& e : c.entries) {
        if (e.verdict == Verdict::kRegressed) h.regressed.insert(e.name);
      }
    }
    input.history.push_back(std::move(h));
  }
  return input;
}

}  // namespace benchtool
