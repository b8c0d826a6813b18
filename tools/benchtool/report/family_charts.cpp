// The scaling charts of a run (see report_charts.hpp): families and their
// swept argument from the run names, the metric from the rules and the metric
// vocabulary.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "io/benchmark_name.hpp"
#include "io/metric.hpp"
#include "report/report_charts.hpp"

namespace benchtool {
namespace {

struct Member {
  const Benchmark* b;
  BenchmarkName name;
};

struct Family {
  std::string key;  // the family name
  std::vector<Member> members;
};

// Families in the order they first appear in the file; benchmarks that did not
// run are left out.
std::vector<Family> group_families(const Results& run) {
  std::vector<Family> families;
  for (const Benchmark* b : listed_benchmarks(run)) {
    if (run_status(run, *b) != RunStatus::kOk) continue;
    BenchmarkName parsed = parse_benchmark_name(b->name);
    entry(families, parsed.family).members.push_back({b, std::move(parsed)});
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
    for (const auto& [k, v] : m.name.args) {
      ArgInfo& info = entry(infos, k);
      if (std::find(info.values.begin(), info.values.end(), v) ==
          info.values.end())
        info.values.push_back(v);
      if (!numeric_arg(m.name, k)) info.numeric = false;
    }
  }
  return infos;
}

bool varies(const std::vector<ArgInfo>& infos, std::string_view key) {
  return std::any_of(infos.begin(), infos.end(), [&](const ArgInfo& a) {
    return a.key == key && a.values.size() > 1;
  });
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

// How a metric is drawn on a y axis: the factor applied to its values and the
// label.
struct YAxis {
  double factor = 1;
  std::string label;
  bool fraction = false;
};

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

// Google Benchmark's Big-O fits of a family name: its BigO rows, one per
// registered family (BM_BulkPriceQuery registers one per batch size).
std::vector<const Row*> fits_of(const Results& run, std::string_view family) {
  std::vector<const Row*> fits;
  const Benchmark* b = run.find(family);
  if (!b || find_listed(run, family)) return fits;
  for (std::size_t i : b->aggregates) {
    if (run.rows[i].aggregate_name == "BigO") fits.push_back(&run.rows[i]);
  }
  return fits;
}

// The RMS of a fit (relative, 0.03 = 3 %): the family's RMS row.
std::optional<double> fit_rms(const Results& run, const Row& fit) {
  for (std::size_t i : run.find(fit.run_name)->aggregates) {
    const Row& rms = run.rows[i];
    if (rms.aggregate_name == "RMS" && rms.family_index == fit.family_index)
      return rms.rms;
  }
  return std::nullopt;
}

// A fit (with the series it belongs to, by family_index) and its x range.
struct FitUse {
  const Row* fit;
  int colour;
  double lo, hi;
};

class FamilyChartBuilder {
 public:
  FamilyChartBuilder(const Family& family, const Results& run,
                     const ChartRules& rules)
      : family_(family), run_(run), rules_(rules), infos_(arg_infos(family)) {}

  void build(FamilyCharts& out) {
    std::vector<std::string> sweeps;
    for (const auto& a : infos_) {
      if (a.numeric && a.values.size() > 1) sweeps.push_back(a.key);
    }
    const auto fits = fits_of(run_, family_.key);
    if (!sweeps.empty()) {
      x_key_ = choose_x(sweeps, !fits.empty());
      std::vector<double> xs;
      for (const auto& m : family_.members) xs.push_back(x_of(m));
      x_log_ = spans_more_than_10x(xs);
      split_series();
      for (const auto& a : infos_) {
        if (a.key == x_key_ || a.values.size() != 1) continue;
        note_ += fmt::format("{}{}: {}", note_.empty() ? "at " : ", ", a.key,
                             a.values.front());
      }
      if (!fits.empty() && big_o_value(fits.front()->big_o, 2) &&
          (x_key_ == rules_.per_unit_argument || sweeps.size() == 1)) {
        out.lines.push_back(per_unit_chart());
      } else {
        out.lines.push_back(metric_chart(headline_metric()));
      }
      if (x_key_ == "threads" && !rules_.percentiles.empty() &&
          has(rules_.percentiles.front()))
        out.lines.push_back(latency_chart());
    }
    if (stage_counters().size() >= 2) out.stacks.push_back(stage_chart());
  }

 private:
  std::string choose_x(const std::vector<std::string>& sweeps,
                       bool fitted) const {
    auto swept = [&](std::string_view k) {
      return std::find(sweeps.begin(), sweeps.end(), k) != sweeps.end();
    };
    if (swept("threads")) return "threads";
    if (fitted && swept(rules_.per_unit_argument))
      return rules_.per_unit_argument;
    const ArgInfo* best = nullptr;
    for (const auto& a : infos_) {
      if (swept(a.key) && (!best || a.values.size() > best->values.size()))
        best = &a;
    }
    return best->key;
  }

  double x_of(const Member& m) const {
    return numeric_arg(m.name, x_key_).value_or(NAN);
  }

  // Members in x order (the order given when there is no x).
  void sort_by_x(std::vector<const Member*>& members) const {
    std::stable_sort(members.begin(), members.end(),
                     [&](const Member* a, const Member* b) {
                       return numeric_arg(a->name, x_key_).value_or(0) <
                              numeric_arg(b->name, x_key_).value_or(0);
                     });
  }

  // Series by the values of the varying arguments other than x. Flags such as
  // real_time make separate instances of the same arguments; they only name a
  // series when the family mixes them.
  void split_series() {
    bool flags_vary = false;
    for (const auto& m : family_.members)
      flags_vary |= m.name.flags != family_.members.front().name.flags;
    for (const auto& m : family_.members) {
      std::string label;
      for (const auto& a : infos_) {
        if (a.key == x_key_ || a.values.size() < 2) continue;
        label += fmt::format("{}{}: {}", label.empty() ? "" : ", ", a.key,
                             arg_value(m.name, a.key).value_or("-"));
      }
      if (flags_vary) {
        for (const auto& flag : m.name.flags)
          label += (label.empty() ? "" : ", ") + flag;
      }
      entry(groups_, label).members.push_back(&m);
    }
    for (auto& g : groups_) sort_by_x(g.members);
  }

  std::optional<MetricStats> stats(const Member& m,
                                   std::string_view metric) const {
    return metric_stats(run_, *m.b, metric);
  }

  bool has(std::string_view metric) const {
    return std::any_of(
        family_.members.begin(), family_.members.end(),
        [&](const Member& m) { return stats(m, metric).has_value(); });
  }

  double max_of(std::string_view metric) const {
    double hi = 0;
    for (const auto& m : family_.members) {
      if (const auto s = stats(m, metric); s && std::isfinite(s->median))
        hi = std::max(hi, s->median);
    }
    return hi;
  }

  // The metric that best says how fast the family is: the first of the rules'
  // list it has, else real time. "rate" is its first *_per_second counter by
  // name other than Google Benchmark's items_per_second and bytes_per_second.
  std::string headline_metric() const {
    std::string rate;
    for (const auto& m : family_.members) {
      for (const std::string& c : counter_names(run_, *m.b)) {
        if (c.ends_with("_per_second") && c != "items_per_second" &&
            c != "bytes_per_second" && (rate.empty() || c < rate))
          rate = c;
      }
    }
    for (const std::string& name :
         x_key_ == "threads" ? rules_.headline_over_threads : rules_.headline) {
      const std::string& metric = name == "rate" ? rate : name;
      if (!metric.empty() && has(metric)) return metric;
    }
    return "real_time";
  }

  // The rules' stage counters the family has, then any other with the prefix.
  std::vector<std::string> stage_counters() const {
    std::vector<std::string> stages;
    for (const auto& s : rules_.stages) {
      if (has(s)) stages.push_back(s);
    }
    for (const auto& m : family_.members) {
      for (const std::string& c : counter_names(run_, *m.b)) {
        if (!rules_.stage_prefix.empty() &&
            c.starts_with(rules_.stage_prefix) && c.ends_with("_ns") &&
            std::find(stages.begin(), stages.end(), c) == stages.end())
          stages.push_back(c);
      }
    }
    return stages;
  }

  LineChart base_chart(std::string_view what, std::string title) const {
    LineChart c;
    c.id = chart_id("chart", family_.key + "-" + std::string(what));
    c.title = std::move(title);
    c.note = note_;
    c.x.label = with_log(arg_axis_label(rules_, x_key_), x_log_);
    c.x.log = x_log_;
    return c;
  }

  void add_point(ChartSeries& s, std::vector<double>& ys, double x, double y,
                 std::string tooltip) const {
    s.points.push_back({x, y, std::move(tooltip), false});
    ys.push_back(y);
  }

  LineChart metric_chart(const std::string& metric) const {
    const YAxis ya = y_axis_for(metric, max_of(metric));
    LineChart c = base_chart(
        "headline",
        fmt::format("{}: {} vs {}", family_.key, metric_words(metric), x_key_));
    std::vector<double> ys;
    for (const auto& g : groups_) {
      ChartSeries s;
      s.label = g.key.empty() ? metric : g.key;
      for (const Member* m : g.members) {
        if (const auto v = stats(*m, metric)) {
          add_point(s, ys, x_of(*m), v->median * ya.factor,
                    fmt::format("{}: {}", m->b->name,
                                format_metric_value(metric, v->median)));
        }
      }
      c.series.push_back(std::move(s));
    }
    set_y_axis(c, ys, ya.label, !ya.fraction);
    return c;
  }

  // The fitted curve, dashed, as time per unit over the fit's x range.
  ChartSeries fit_curve(const FitUse& u, std::size_t fit_count,
                        const TimeScale& ts, std::vector<double>& ys) const {
    const Row& fit = *u.fit;
    const auto rms = fit_rms(run_, fit);
    const std::string label = fit.label.empty() ? "" : " " + fit.label;
    ChartSeries curve;
    curve.label = fmt::format(
        "fit O({}){}{}", fit.big_o, fit_count == 1 ? "" : label,
        rms ? fmt::format(", RMS {:.0f} %", *rms * 100) : std::string());
    curve.dashed = true;
    curve.markers = false;
    // One fit for several series: black, it belongs to none of them.
    curve.colour = fit_count == 1 && groups_.size() > 1 ? 6 : u.colour;
    for (int i = 0; u.lo < u.hi && i < 25; ++i) {
      const double t = i / 24.0;
      const double n =
          x_log_ ? u.lo * std::pow(u.hi / u.lo, t) : u.lo + (u.hi - u.lo) * t;
      const double per_unit =
          fit.real_coefficient * big_o_value(fit.big_o, n).value_or(NAN) / n;
      add_point(curve, ys, n, per_unit / ts.ns_per_unit,
                fmt::format("fit{} at {} {}: {} per {}", label, format_tick(n),
                            x_key_, format_duration_ns(per_unit), unit()));
    }
    return curve;
  }

  // "stocks" -> "stock": the unit one iteration is divided by.
  std::string unit() const {
    return x_key_.size() > 1 && x_key_.back() == 's'
               ? x_key_.substr(0, x_key_.size() - 1)
               : x_key_;
  }

  LineChart per_unit_chart() const {
    double max_per_unit = 0;
    for (const auto& m : family_.members) {
      const double n = numeric_arg(m.name, x_key_).value_or(0);
      if (n > 0)
        max_per_unit =
            std::max(max_per_unit, median_of(run_, *m.b, "real_time") / n);
    }
    const TimeScale ts = time_scale_for(max_per_unit);
    LineChart c = base_chart(
        "per-unit",
        fmt::format("{}: time per {} vs {}", family_.key, unit(), x_key_));
    std::vector<double> ys;
    std::vector<FitUse> fits;
    for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
      ChartSeries s;
      s.label =
          groups_[gi].key.empty() ? "measured (real time)" : groups_[gi].key;
      s.colour = static_cast<int>(gi);
      double lo = INFINITY, hi = -INFINITY;
      for (const Member* m : groups_[gi].members) {
        const double n = x_of(*m), time = median_of(run_, *m->b, "real_time");
        if (!(n > 0)) continue;
        add_point(s, ys, n, time / n / ts.ns_per_unit,
                  fmt::format("{}: {} per {} ({} per iteration)", m->b->name,
                              format_duration_ns(time / n), unit(),
                              format_duration_ns(time)));
        lo = std::min(lo, n);
        hi = std::max(hi, n);
      }
      c.series.push_back(std::move(s));
      const Row* fit = fit_for(*groups_[gi].members.front());
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
      c.series.push_back(fit_curve(u, fits.size(), ts, ys));
    set_y_axis(c, ys, fmt::format("real time per {} ({})", unit(), ts.unit));
    const std::string sep = note_.empty() ? "" : "; ";
    if (fits.size() == 1) {
      c.note =
          fmt::format("{}{}fitted by Google Benchmark: {} \u00D7 {}", note_,
                      sep, format_duration_ns(fits[0].fit->real_coefficient),
                      fits[0].fit->big_o);
    } else if (fits.size() > 1) {
      c.note = fmt::format(
          "{}{}dashed: Google Benchmark's fit for each registered family",
          note_, sep);
    }
    return c;
  }

  // The fit of a member's registered family (by family_index; files without
  // family_index match by name).
  const Row* fit_for(const Member& m) const {
    const Row& first = m.b->samples.empty()
                           ? *find_aggregate(run_, *m.b, "median")
                           : run_.rows[m.b->samples.front()];
    const auto fits = fits_of(run_, family_.key);
    for (const Row* fit : fits) {
      if (fit->family_index == first.family_index) return fit;
    }
    return first.family_index < 0 && !fits.empty() ? fits.front() : nullptr;
  }

  LineChart latency_chart() const {
    double max_ns = 0;
    for (const std::string& p : rules_.percentiles)
      max_ns = std::max(max_ns, max_of(p));
    const TimeScale ts = time_scale_for(max_ns);
    LineChart c = base_chart(
        "latency",
        fmt::format("{}: latency percentiles vs {}", family_.key, x_key_));
    std::vector<double> ys;
    for (const auto& g : groups_) {
      for (const std::string& p : rules_.percentiles) {
        ChartSeries s;
        const std::string short_name = percentile_name(p);
        s.label = g.key.empty() ? short_name
                                : fmt::format("{} ({})", short_name, g.key);
        for (const Member* m : g.members) {
          if (const auto v = stats(*m, p)) {
            add_point(s, ys, x_of(*m), v->median / ts.ns_per_unit,
                      fmt::format("{}: {} {}", m->b->name, short_name,
                                  format_duration_ns(v->median)));
          }
        }
        if (!s.points.empty()) c.series.push_back(std::move(s));
      }
    }
    set_y_axis(c, ys, fmt::format("{} ({})", rules_.percentile_axis, ts.unit));
    return c;
  }

  StackedBarChart stage_chart() const {
    const auto stages = stage_counters();
    std::vector<const Member*> order;
    for (const auto& m : family_.members) order.push_back(&m);
    if (!x_key_.empty()) sort_by_x(order);
    std::vector<std::vector<double>> ns;  // per member, per stage
    double max_total = 0;
    for (const Member* m : order) {
      double total = 0;
      ns.emplace_back();
      for (const auto& s : stages) {
        const auto v = stats(*m, s);
        ns.back().push_back(v ? v->median : 0.0);
        if (v) total += v->median;
      }
      max_total = std::max(max_total, total);
    }
    const TimeScale ts = time_scale_for(max_total);
    StackedBarChart c;
    c.id = chart_id("chart", family_.key + "-stages");
    c.title = fmt::format("{}: time per stage{}", family_.key,
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
    for (std::size_t i = 0; i < order.size(); ++i) {
      const Member& m = *order[i];
      std::string label =
          x_key_.empty() ? m.b->name : arg_value(m.name, x_key_).value_or("?");
      for (const auto& [k, v] : m.name.args) {
        if (k != x_key_ && varies(infos_, k))
          label += fmt::format(" {}:{}", k, v);
      }
      c.categories.push_back(label);
      for (std::size_t s = 0; s < stages.size(); ++s)
        c.layers[s].values.push_back(ns[i][s] / ts.ns_per_unit);
    }
    return c;
  }

  struct SeriesGroup {
    std::string key;  // the series label, "" when there is one series
    std::vector<const Member*> members;
  };

  const Family& family_;
  const Results& run_;
  const ChartRules& rules_;
  std::vector<ArgInfo> infos_;
  std::string x_key_;
  bool x_log_ = false;
  std::vector<SeriesGroup> groups_;
  std::string note_;  // the arguments every member shares
};

}  // namespace

FamilyCharts scaling_charts(const Results& run, const ChartRules& rules) {
  FamilyCharts out;
  for (const auto& family : group_families(run))
    FamilyChartBuilder(family, run, rules).build(out);
  return out;
}

}  // namespace benchtool
