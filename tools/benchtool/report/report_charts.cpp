#include "report/report_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "io/benchmark_name.hpp"
#include "io/metric.hpp"
#include "report/chart_scale.hpp"

namespace benchtool {
namespace {

struct Member {
  const BenchmarkResult* result;
  BenchmarkName name;
};

struct Family {
  std::string name;
  std::vector<Member> members;
};

// Families in the order they first appear in the file.
std::vector<Family> group_families(const RunData& run) {
  std::vector<Family> families;
  for (const auto& b : run.benchmarks) {
    if (b.status != RunStatus::kOk) continue;
    BenchmarkName parsed = parse_benchmark_name(b.name);
    auto it =
        std::find_if(families.begin(), families.end(),
                     [&](const Family& f) { return f.name == parsed.family; });
    if (it == families.end()) {
      families.push_back({parsed.family, {}});
      it = std::prev(families.end());
    }
    it->members.push_back({&b, std::move(parsed)});
  }
  return families;
}

struct ArgInfo {
  std::string key;
  std::vector<std::string> values;  // distinct, first-seen order
  bool numeric = true;
};

std::vector<ArgInfo> arg_infos(const Family& family) {
  std::vector<ArgInfo> infos;
  for (const auto& m : family.members) {
    for (const auto& arg : m.name.args) {
      const std::string& k = arg.first;
      const std::string& v = arg.second;
      auto it = std::find_if(infos.begin(), infos.end(),
                             [&](const ArgInfo& a) { return a.key == k; });
      if (it == infos.end()) {
        infos.push_back({k, {}, true});
        it = std::prev(infos.end());
      }
      if (std::find(it->values.begin(), it->values.end(), v) ==
          it->values.end())
        it->values.push_back(v);
      if (!numeric_arg(m.name, k)) it->numeric = false;
    }
  }
  return infos;
}

std::string arg_axis_label(const ChartRules& rules, std::string_view key) {
  const auto it = rules.axis_labels.find(key);
  return it != rules.axis_labels.end()
             ? it->second
             : fmt::format("{} (argument value)", key);
}

// "latency_p95_ns" -> "p95": the segment that names the percentile.
std::string percentile_name(std::string_view counter) {
  for (std::size_t at = counter.find("_p"); at != std::string_view::npos;
       at = counter.find("_p", at + 1)) {
    const auto end = counter.find('_', at + 1);
    if (at + 2 < counter.size() &&
        std::isdigit(static_cast<unsigned char>(counter[at + 2])))
      return std::string(counter.substr(at + 1, end == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : end - at - 1));
  }
  return std::string(counter);
}

// "stocks" -> "stock": the unit one iteration is divided by.
std::string singular(std::string_view key) {
  if (key.size() > 1 && key.back() == 's')
    return std::string(key.substr(0, key.size() - 1));
  return std::string(key);
}

std::string with_log(std::string label, bool log) {
  return log ? label + ", log scale" : label;
}

// A family's first *_per_second counter by name, other than Google
// Benchmark's own items_per_second and bytes_per_second; "" when none.
std::string first_rate(const Family& family) {
  std::vector<std::string> rates;
  for (const auto& m : family.members) {
    for (const auto& c : m.result->counters) {
      if (c.name.ends_with("_per_second") && c.name != "items_per_second" &&
          c.name != "bytes_per_second") {
        rates.push_back(c.name);
      }
    }
  }
  return rates.empty() ? "" : *std::min_element(rates.begin(), rates.end());
}

// The counter that best says how fast a family is: the first of the rules'
// list it has ("rate": its first rate), else real time.
std::string headline_metric(const Family& family, const ChartRules& rules,
                            bool over_threads) {
  for (const std::string& name :
       over_threads ? rules.headline_over_threads : rules.headline) {
    const std::string metric = name == "rate" ? first_rate(family) : name;
    if (!metric.empty() &&
        std::any_of(family.members.begin(), family.members.end(),
                    [&](const Member& m) {
                      return m.result->metric(metric) != nullptr;
                    }))
      return metric;
  }
  return "real_time";
}

// How a metric is drawn on a y axis: the factor applied to its values and the
// label.
struct YAxis {
  double factor = 1;
  std::string label;
  bool fraction = false;
};

// How a metric reads in titles and axis labels: "throughput", "hit rate".
std::string metric_words(std::string_view metric) {
  if (metric == "real_time") return "real time per iteration";
  if (metric == "cpu_time") return "CPU time per iteration";
  std::string words(metric);
  const MetricInfo m = describe_metric(metric);
  if (m.kind == MetricKind::kRate)
    return metric == "gflops" ? "compute rate" : "throughput";
  if (metric.ends_with("_ns")) words.resize(words.size() - 3);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

YAxis y_axis_for(std::string_view metric, double max_value) {
  const MetricInfo m = describe_metric(metric);
  if (m.kind == MetricKind::kTime && m.ns_per_unit == 1) {
    const TimeScale ts = time_scale_for(max_value);
    return {1 / ts.ns_per_unit,
            fmt::format("{} ({})", metric_words(metric), ts.unit), false};
  }
  if (m.kind == MetricKind::kFraction) {
    return {100, fmt::format("{} (%)", metric_words(metric)), true};
  }
  return {1, fmt::format("{} ({})", metric_words(metric), m.axis_unit), false};
}

// Members split by the values of the arguments other than x that vary.
struct SeriesGroup {
  std::string label;
  std::vector<const Member*> members;
};

std::vector<SeriesGroup> split_series(const Family& family,
                                      const std::vector<ArgInfo>& infos,
                                      const std::string& x_key) {
  std::vector<std::string> varying;
  for (const auto& a : infos) {
    if (a.key != x_key && a.values.size() > 1) varying.push_back(a.key);
  }
  // Flags such as real_time make separate instances of the same arguments;
  // they only name a series when the family mixes them.
  bool flags_vary = false;
  for (const auto& m : family.members) {
    flags_vary |= m.name.flags != family.members.front().name.flags;
  }
  std::vector<SeriesGroup> groups;
  for (const auto& m : family.members) {
    std::string label;
    for (const auto& key : varying) {
      if (!label.empty()) label += ", ";
      label += fmt::format("{}: {}", key, arg_value(m.name, key).value_or("-"));
    }
    if (flags_vary) {
      for (const auto& flag : m.name.flags) {
        label += (label.empty() ? "" : ", ") + flag;
      }
    }
    auto it =
        std::find_if(groups.begin(), groups.end(),
                     [&](const SeriesGroup& g) { return g.label == label; });
    if (it == groups.end()) {
      groups.push_back({label, {}});
      it = std::prev(groups.end());
    }
    it->members.push_back(&m);
  }
  // Deterministic x order inside each series.
  for (auto& g : groups) {
    std::stable_sort(g.members.begin(), g.members.end(),
                     [&](const Member* a, const Member* b) {
                       return numeric_arg(a->name, x_key).value_or(0) <
                              numeric_arg(b->name, x_key).value_or(0);
                     });
  }
  return groups;
}

// The arguments that are the same for every member, for the chart's note.
std::string constant_args_note(const std::vector<ArgInfo>& infos,
                               const std::string& x_key) {
  std::string note;
  for (const auto& a : infos) {
    if (a.key == x_key || a.values.size() != 1) continue;
    note += fmt::format("{}{}: {}", note.empty() ? "" : ", ", a.key,
                        a.values.front());
  }
  return note.empty() ? note : "at " + note;
}

// GB's complexity functions (complexity.cc): lgN is log base 2.
std::optional<double> big_o_value(std::string_view big_o, double n) {
  if (big_o == "(1)" || big_o == "1") return 1.0;
  if (big_o == "N") return n;
  if (big_o == "N^2") return n * n;
  if (big_o == "N^3") return n * n * n;
  if (big_o == "lgN") return std::log2(n);
  if (big_o == "NlgN") return n * std::log2(n);
  return std::nullopt;
}

std::vector<double> sample_range(double lo, double hi, bool log, int count) {
  std::vector<double> xs;
  for (int i = 0; i < count; ++i) {
    const double t = static_cast<double>(i) / (count - 1);
    xs.push_back(log ? lo * std::pow(hi / lo, t) : lo + (hi - lo) * t);
  }
  return xs;
}

class FamilyChartBuilder {
 public:
  FamilyChartBuilder(const Family& family, const RunData& run,
                     const ChartRules& rules)
      : family_(family), run_(run), rules_(rules) {
    infos_ = arg_infos(family);
  }

  void build(FamilyCharts& out) {
    std::vector<std::string> sweeps;
    for (const auto& a : infos_) {
      if (a.numeric && a.values.size() > 1) sweeps.push_back(a.key);
    }
    const ComplexityFit* fit = run_.fit(family_.name);
    if (!sweeps.empty()) {
      x_key_ = choose_x(sweeps, fit);
      const auto xs = x_values();
      x_log_ = spans_more_than_10x(xs);
      groups_ = split_series(family_, infos_, x_key_);
      note_ = constant_args_note(infos_, x_key_);
      if (fit && (x_key_ == rules_.per_unit_argument || sweeps.size() == 1) &&
          big_o_value(fit->big_o, 2)) {
        out.lines.push_back(per_unit_chart());
      } else {
        out.lines.push_back(metric_chart(
            headline_metric(family_, rules_, x_key_ == "threads")));
      }
      if (x_key_ == "threads" && !rules_.percentiles.empty() &&
          has_counter(rules_.percentiles.front()))
        out.lines.push_back(latency_chart());
    }
    if (has_stage_counters()) out.stacks.push_back(stage_chart());
  }

 private:
  std::string choose_x(const std::vector<std::string>& sweeps,
                       const ComplexityFit* fit) const {
    auto has = [&](std::string_view k) {
      return std::find(sweeps.begin(), sweeps.end(), k) != sweeps.end();
    };
    if (has("threads")) return "threads";
    if (fit && has(rules_.per_unit_argument)) return rules_.per_unit_argument;
    const ArgInfo* best = nullptr;
    for (const auto& a : infos_) {
      if (!has(a.key)) continue;
      if (!best || a.values.size() > best->values.size()) best = &a;
    }
    return best->key;
  }

  std::vector<double> x_values() const {
    std::vector<double> xs;
    for (const auto& m : family_.members)
      xs.push_back(numeric_arg(m.name, x_key_).value_or(NAN));
    return xs;
  }

  bool has_counter(std::string_view name) const {
    return std::any_of(
        family_.members.begin(), family_.members.end(),
        [&](const Member& m) { return m.result->metric(name) != nullptr; });
  }

  std::vector<std::string> stage_counters() const {
    std::vector<std::string> stages;
    for (const auto& s : rules_.stages) {
      if (has_counter(s)) stages.push_back(s);
    }
    for (const auto& m : family_.members) {
      for (const auto& c : m.result->counters) {
        if (!rules_.stage_prefix.empty() &&
            c.name.starts_with(rules_.stage_prefix) &&
            c.name.ends_with("_ns") &&
            std::find(stages.begin(), stages.end(), c.name) == stages.end()) {
          stages.push_back(c.name);
        }
      }
    }
    return stages;
  }

  bool has_stage_counters() const { return stage_counters().size() >= 2; }

  std::string id(std::string_view what) const {
    return chart_id("chart", family_.name + "-" + std::string(what));
  }

  double max_of(std::string_view metric) const {
    double hi = 0;
    for (const auto& m : family_.members) {
      if (const auto* s = m.result->metric(metric);
          s && std::isfinite(s->median))
        hi = std::max(hi, s->median);
    }
    return hi;
  }

  LineChart base_chart(std::string_view what, std::string title) const {
    LineChart c;
    c.id = id(what);
    c.title = std::move(title);
    c.note = note_;
    c.x.label = with_log(arg_axis_label(rules_, x_key_), x_log_);
    c.x.log = x_log_;
    return c;
  }

  std::string series_label(const SeriesGroup& g,
                           std::string_view fallback) const {
    return g.label.empty() ? std::string(fallback) : g.label;
  }

  LineChart metric_chart(const std::string& metric) {
    const YAxis ya = y_axis_for(metric, max_of(metric));
    LineChart c =
        base_chart("headline", fmt::format("{}: {} vs {}", family_.name,
                                           metric_words(metric), x_key_));
    std::vector<double> ys;
    for (const auto& g : groups_) {
      ChartSeries s;
      s.label = series_label(g, metric);
      for (const Member* m : g.members) {
        const auto* v = m->result->metric(metric);
        if (!v) continue;
        const double x = numeric_arg(m->name, x_key_).value_or(NAN);
        const double y = v->median * ya.factor;
        s.points.push_back({x, y,
                            fmt::format("{}: {}", m->result->name,
                                        format_metric_value(metric, v->median)),
                            false});
        ys.push_back(y);
      }
      c.series.push_back(std::move(s));
    }
    c.y.log = !ya.fraction && spans_more_than_10x(ys);
    c.y.include_zero = !c.y.log;
    c.y.label = with_log(ya.label, c.y.log);
    return c;
  }

  // A Google Benchmark fit with the series it belongs to (by family_index)
  // and their x range.
  struct FitUse {
    const ComplexityFit* fit;
    int colour;
    double lo, hi;
  };

  // The fitted curve, dashed, as time per unit over the fit's x range.
  ChartSeries fit_curve(const FitUse& u, std::size_t fit_count,
                        const TimeScale& ts, const std::string& unit,
                        std::vector<double>& ys) const {
    const ComplexityFit& fit = *u.fit;
    ChartSeries curve;
    curve.label =
        fmt::format("fit O({}){}{}", fit.big_o,
                    fit.label.empty() || fit_count == 1 ? "" : " " + fit.label,
                    fit.rms ? fmt::format(", RMS {:.0f} %", *fit.rms * 100)
                            : std::string());
    curve.dashed = true;
    curve.markers = false;
    // One fit for several series: black, it belongs to none of them.
    curve.colour = fit_count == 1 && groups_.size() > 1 ? 6 : u.colour;
    if (u.lo < u.hi) {
      for (double n : sample_range(u.lo, u.hi, x_log_, 25)) {
        const double per_unit = fit.real_coefficient_ns *
                                big_o_value(fit.big_o, n).value_or(NAN) / n;
        curve.points.push_back(
            {n, per_unit / ts.ns_per_unit,
             fmt::format("fit{} at {} {}: {} per {}",
                         fit.label.empty() ? "" : " " + fit.label,
                         format_tick(n), x_key_, format_duration_ns(per_unit),
                         unit),
             false});
        ys.push_back(per_unit / ts.ns_per_unit);
      }
    }
    return curve;
  }

  LineChart per_unit_chart() {
    const std::string unit = singular(x_key_);
    double max_per_unit = 0;
    for (const auto& m : family_.members) {
      const double n = numeric_arg(m.name, x_key_).value_or(0);
      if (n > 0)
        max_per_unit = std::max(max_per_unit, m.result->real_time.median / n);
    }
    const TimeScale ts = time_scale_for(max_per_unit);
    LineChart c = base_chart(
        "per-unit",
        fmt::format("{}: time per {} vs {}", family_.name, unit, x_key_));
    std::vector<double> ys;
    std::vector<FitUse> fits;
    for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
      const SeriesGroup& g = groups_[gi];
      ChartSeries s;
      s.label = series_label(g, "measured (real time)");
      s.colour = static_cast<int>(gi);
      double lo = INFINITY, hi = -INFINITY;
      for (const Member* m : g.members) {
        const double n = numeric_arg(m->name, x_key_).value_or(NAN);
        if (!(n > 0)) continue;
        const double per_unit = m->result->real_time.median / n;
        s.points.push_back(
            {n, per_unit / ts.ns_per_unit,
             fmt::format("{}: {} per {} ({} per iteration)", m->result->name,
                         format_duration_ns(per_unit), unit,
                         format_duration_ns(m->result->real_time.median)),
             false});
        ys.push_back(per_unit / ts.ns_per_unit);
        lo = std::min(lo, n);
        hi = std::max(hi, n);
      }
      c.series.push_back(std::move(s));
      const ComplexityFit* fit =
          run_.fit_for(family_.name, g.members.front()->result->family_index);
      if (!fit || !big_o_value(fit->big_o, 2)) continue;
      auto it = std::find_if(fits.begin(), fits.end(),
                             [&](const FitUse& u) { return u.fit == fit; });
      if (it == fits.end()) {
        fits.push_back({fit, static_cast<int>(gi), lo, hi});
      } else {
        it->lo = std::min(it->lo, lo);
        it->hi = std::max(it->hi, hi);
      }
    }
    for (const FitUse& u : fits)
      c.series.push_back(fit_curve(u, fits.size(), ts, unit, ys));
    c.y.log = spans_more_than_10x(ys);
    c.y.include_zero = !c.y.log;
    c.y.label =
        with_log(fmt::format("real time per {} ({})", unit, ts.unit), c.y.log);
    if (fits.size() == 1) {
      c.note =
          fmt::format("{}{}fitted by Google Benchmark: {} \u00D7 {}", note_,
                      note_.empty() ? "" : "; ",
                      format_duration_ns(fits.front().fit->real_coefficient_ns),
                      fits.front().fit->big_o);
    } else if (fits.size() > 1) {
      c.note = fmt::format(
          "{}{}dashed: Google Benchmark's fit for each registered family",
          note_, note_.empty() ? "" : "; ");
    }
    return c;
  }

  LineChart latency_chart() {
    double max_ns = 0;
    for (const std::string& p : rules_.percentiles)
      max_ns = std::max(max_ns, max_of(p));
    const TimeScale ts = time_scale_for(max_ns);
    LineChart c = base_chart(
        "latency",
        fmt::format("{}: latency percentiles vs {}", family_.name, x_key_));
    std::vector<double> ys;
    for (const auto& g : groups_) {
      for (const std::string& p : rules_.percentiles) {
        ChartSeries s;
        const std::string short_name = percentile_name(p);
        s.label = g.label.empty() ? short_name
                                  : fmt::format("{} ({})", short_name, g.label);
        for (const Member* m : g.members) {
          const auto* v = m->result->metric(p);
          if (!v) continue;
          const double x = numeric_arg(m->name, x_key_).value_or(NAN);
          s.points.push_back(
              {x, v->median / ts.ns_per_unit,
               fmt::format("{}: {} {}", m->result->name, short_name,
                           format_duration_ns(v->median)),
               false});
          ys.push_back(v->median / ts.ns_per_unit);
        }
        if (!s.points.empty()) c.series.push_back(std::move(s));
      }
    }
    c.y.log = spans_more_than_10x(ys);
    c.y.include_zero = !c.y.log;
    c.y.label = with_log(
        fmt::format("{} ({})", rules_.percentile_axis, ts.unit), c.y.log);
    return c;
  }

  StackedBarChart stage_chart() const {
    const auto stages = stage_counters();
    std::vector<const Member*> order;
    for (const auto& m : family_.members) order.push_back(&m);
    if (!x_key_.empty()) {
      std::stable_sort(order.begin(), order.end(),
                       [&](const Member* a, const Member* b) {
                         return numeric_arg(a->name, x_key_).value_or(0) <
                                numeric_arg(b->name, x_key_).value_or(0);
                       });
    }
    double max_total = 0;
    for (const Member* m : order) {
      double total = 0;
      for (const auto& s : stages) {
        if (const auto* v = m->result->metric(s)) total += v->median;
      }
      max_total = std::max(max_total, total);
    }
    const TimeScale ts = time_scale_for(max_total);
    StackedBarChart c;
    c.id = id("stages");
    c.title = fmt::format("{}: time per stage{}", family_.name,
                          x_key_.empty() ? "" : " by " + x_key_);
    c.x_label = x_key_.empty() ? "benchmark" : arg_axis_label(rules_, x_key_);
    c.y_label = fmt::format("time per iteration ({})", ts.unit);
    c.note = note_;
    for (const auto& s : stages) {
      // "stage_fetch_ns" -> "fetch".
      std::string_view layer(s);
      if (layer.starts_with(rules_.stage_prefix))
        layer.remove_prefix(rules_.stage_prefix.size());
      if (layer.ends_with("_ns")) layer.remove_suffix(3);
      c.layers.push_back({std::string(layer), {}});
    }
    for (const Member* m : order) {
      std::string label = x_key_.empty()
                              ? m->result->name
                              : arg_value(m->name, x_key_).value_or("?");
      for (const auto& [k, v] : m->name.args) {
        if (k != x_key_ && std::any_of(infos_.begin(), infos_.end(),
                                       [&, &key = k](const ArgInfo& a) {
                                         return a.key == key &&
                                                a.values.size() > 1;
                                       })) {
          label += fmt::format(" {}:{}", k, v);
        }
      }
      c.categories.push_back(label);
      for (std::size_t i = 0; i < stages.size(); ++i) {
        const auto* v = m->result->metric(stages[i]);
        c.layers[i].values.push_back(v ? v->median / ts.ns_per_unit : 0.0);
      }
    }
    return c;
  }

  const Family& family_;
  const RunData& run_;
  const ChartRules& rules_;
  std::vector<ArgInfo> infos_;
  std::string x_key_;
  bool x_log_ = false;
  std::vector<SeriesGroup> groups_;
  std::string note_;
};

// "2026-11-26T21:42:05+00:00" -> "2026-11-26 21:42".
std::string short_date(std::string_view date) {
  if (date.size() >= 16 && date[10] == 'T')
    return fmt::format("{} {}", date.substr(0, 10), date.substr(11, 5));
  return std::string(date);
}

std::string sha_or_unknown(const Context& context) {
  const std::string_view sha = context.custom_value("git_sha");
  return sha.empty() ? "?" : std::string(sha);
}

// The trend of some benchmarks of a family over the runs, oldest first.
LineChart history_chart(const std::vector<HistoryRun>& history,
                        const std::string& family,
                        const std::vector<std::string>& names) {
  double max_ns = 0;
  for (const auto& name : names) {
    for (const auto& h : history) {
      const auto* b = h.run.find(name);
      if (b && b->status == RunStatus::kOk)
        max_ns = std::max(max_ns, b->real_time.median);
    }
  }
  const TimeScale ts = time_scale_for(max_ns);
  LineChart c;
  c.title = fmt::format("{}: real time over runs", family);
  c.x.label = "run (date UTC, git sha)";
  c.flag_legend = "regressed vs previous run";
  std::vector<double> ys;
  bool flagged_any = false;
  for (const auto& name : names) {
    ChartSeries s;
    s.label =
        name.size() > family.size() ? name.substr(family.size() + 1) : name;
    if (s.label.empty()) s.label = name;
    for (std::size_t i = 0; i < history.size(); ++i) {
      const auto* b = history[i].run.find(name);
      if (!b || b->status != RunStatus::kOk) continue;
      const bool regressed = history[i].regressed.count(name) > 0;
      flagged_any |= regressed;
      s.points.push_back(
          {static_cast<double>(i), b->real_time.median / ts.ns_per_unit,
           fmt::format("{} at {} ({}): {}{}", name,
                       short_date(history[i].run.context.date),
                       sha_or_unknown(history[i].run.context),
                       format_duration_ns(b->real_time.median),
                       regressed ? " — regressed vs previous run" : ""),
           regressed});
      ys.push_back(b->real_time.median / ts.ns_per_unit);
    }
    c.series.push_back(std::move(s));
  }
  if (!flagged_any) c.note = "no run regressed against the one before it";
  c.y.log = spans_more_than_10x(ys);
  c.y.include_zero = !c.y.log;
  c.y.label = with_log(fmt::format("median real time ({})", ts.unit), c.y.log);
  return c;
}

}  // namespace

std::string chart_id(std::string_view prefix, std::string_view text) {
  std::string id(prefix);
  id += '-';
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '_';
    id += keep ? c : '-';
  }
  return id;
}

FamilyCharts scaling_charts(const RunData& run, const ChartRules& rules) {
  FamilyCharts out;
  for (const auto& family : group_families(run))
    FamilyChartBuilder(family, run, rules).build(out);
  return out;
}

ChangeChart change_chart(const Comparison& comparison) {
  ChangeChart c;
  c.id = "chart-changes";
  const std::string metric = comparison.options.metrics.empty()
                                 ? "real_time"
                                 : comparison.options.metrics.front();
  std::vector<const MetricComparison*> rows;
  for (const MetricComparison* e : ordered_changes(comparison)) {
    if (e->change && std::isfinite(*e->change)) rows.push_back(e);
  }
  for (const auto* e : rows)
    c.bars.push_back({e->name, *e->change, std::string(to_string(e->verdict))});
  c.title = fmt::format("Changes vs baseline: median {}", metric);
  c.x_label =
      fmt::format("change of the median {} vs the baseline (%)", metric);
  const Direction d = metric_direction(comparison.options, metric);
  c.note = fmt::format(
      "regressions first, worst first; {}",
      d == Direction::kHigherIsBetter  ? "right of 0 = higher = better"
      : d == Direction::kLowerIsBetter ? "right of 0 = slower/larger = worse"
                                       : "direction unknown");
  return c;
}

std::vector<LineChart> history_charts(const std::vector<HistoryRun>& history) {
  std::vector<LineChart> charts;
  if (history.size() < 2) return charts;
  std::vector<std::string> categories;
  for (const auto& h : history) {
    categories.push_back(fmt::format("{}\n{}", short_date(h.run.context.date),
                                     sha_or_unknown(h.run.context)));
  }
  // Benchmark names over all runs, grouped by family, in first-seen order.
  std::vector<std::pair<std::string, std::vector<std::string>>> families;
  for (const auto& h : history) {
    for (const auto& b : h.run.benchmarks) {
      // A benchmark that never ran has no trend to draw.
      if (b.status != RunStatus::kOk) continue;
      const std::string family = parse_benchmark_name(b.name).family;
      auto it = std::find_if(families.begin(), families.end(),
                             [&](const auto& f) { return f.first == family; });
      if (it == families.end()) {
        families.push_back({family, {}});
        it = std::prev(families.end());
      }
      if (std::find(it->second.begin(), it->second.end(), b.name) ==
          it->second.end())
        it->second.push_back(b.name);
    }
  }
  constexpr std::size_t kPerChart = 8;
  for (const auto& [family, names] : families) {
    const std::size_t parts = (names.size() + kPerChart - 1) / kPerChart;
    for (std::size_t part = 0; part < parts; ++part) {
      const std::vector<std::string> some(
          names.begin() + static_cast<std::ptrdiff_t>(part * kPerChart),
          names.begin() + static_cast<std::ptrdiff_t>(
                              std::min(names.size(), (part + 1) * kPerChart)));
      LineChart c = history_chart(history, family, some);
      c.id = chart_id("chart-history", fmt::format("{}-{}", family, part + 1));
      if (parts > 1)
        c.title = fmt::format("{}: real time over runs ({}/{})", family,
                              part + 1, parts);
      c.x.categories = categories;
      charts.push_back(std::move(c));
    }
  }
  return charts;
}

}  // namespace benchtool
