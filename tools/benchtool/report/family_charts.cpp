// The scaling charts of a run (see report_charts.hpp): families and their
// swept argument from the run names, the metric from the rules and the metric
// vocabulary.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "io/metric.hpp"
#include "report/report_charts.hpp"

namespace benchtool {
namespace {

// Families in the order they first appear in the file, with their arguments;
// benchmarks that did not run are left out.
std::vector<Family> group_families(const Results& run,
                                   const ChartRules& rules) {
  std::vector<Family> families;
  for (const Benchmark* b : listed_benchmarks(run)) {
    if (run_status(run, *b) != RunStatus::kOk) continue;
    BenchmarkName parsed = parse_benchmark_name(b->name);
    Family& f = entry(families, parsed.family);
    f.run = &run;
    f.rules = &rules;
    for (const auto& [k, v] : parsed.args) {
      ArgInfo& info = entry(f.infos, k);
      if (std::find(info.values.begin(), info.values.end(), v) ==
          info.values.end())
        info.values.push_back(v);
      info.numeric = info.numeric && numeric_arg(parsed, k).has_value();
    }
    f.members.push_back({b, std::move(parsed)});
  }
  return families;
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
      return std::string(counter.substr(at + 1, end - at - 1));  // npos: all
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

std::optional<MetricStats> stats(const Family& f, const Member& m,
                                 std::string_view metric) {
  return metric_stats(*f.run, *m.b, metric);
}

bool has(const Family& f, std::string_view metric) {
  return std::any_of(f.members.begin(), f.members.end(), [&](const Member& m) {
    return stats(f, m, metric).has_value();
  });
}

double max_of(const Family& f, std::string_view metric) {
  double hi = 0;
  for (const auto& m : f.members) {
    if (const auto s = stats(f, m, metric); s && std::isfinite(s->median))
      hi = std::max(hi, s->median);
  }
  return hi;
}

// Members in x order (the order given when there is no x).
void sort_by_x(const std::string& x_key, std::vector<const Member*>& members) {
  std::stable_sort(members.begin(), members.end(),
                   [&](const Member* a, const Member* b) {
                     return numeric_arg(a->name, x_key).value_or(0) <
                            numeric_arg(b->name, x_key).value_or(0);
                   });
}

// x: threads, else the rules' per-unit argument of a fitted family, else the
// argument with the most values.
std::string choose_x(const Family& f, const std::vector<std::string>& sweeps,
                     bool fitted) {
  auto swept = [&](std::string_view k) {
    return std::find(sweeps.begin(), sweeps.end(), k) != sweeps.end();
  };
  if (swept("threads")) return "threads";
  if (fitted && swept(f.rules->per_unit_argument))
    return f.rules->per_unit_argument;
  const ArgInfo* best = nullptr;
  for (const auto& a : f.infos) {
    if (swept(a.key) && (!best || a.values.size() > best->values.size()))
      best = &a;
  }
  return best->key;
}

// Series by the values of the varying arguments other than x. Flags such as
// real_time make separate instances of the same arguments; they only name a
// series when the family mixes them.
void split_series(Family& f) {
  bool flags_vary = false;
  for (const auto& m : f.members)
    flags_vary |= m.name.flags != f.members.front().name.flags;
  for (const auto& m : f.members) {
    std::string label;
    for (const auto& a : f.infos) {
      if (a.key == f.x_key || a.values.size() < 2) continue;
      label += fmt::format("{}{}: {}", label.empty() ? "" : ", ", a.key,
                           arg_value(m.name, a.key).value_or("-"));
    }
    if (flags_vary) {
      for (const auto& flag : m.name.flags)
        label += (label.empty() ? "" : ", ") + flag;
    }
    entry(f.groups, label).members.push_back(&m);
  }
  for (auto& g : f.groups) sort_by_x(f.x_key, g.members);
}

// The metric that best says how fast the family is: the first of the rules'
// list it has, else real time. "rate" is its first *_per_second counter by
// name other than Google Benchmark's items_per_second and bytes_per_second.
std::string headline_metric(const Family& f) {
  std::string rate;
  for (const auto& m : f.members) {
    for (const std::string& c : counter_names(*f.run, *m.b)) {
      if (c.ends_with("_per_second") && c != "items_per_second" &&
          c != "bytes_per_second" && (rate.empty() || c < rate))
        rate = c;
    }
  }
  for (const std::string& name : f.x_key == "threads"
                                     ? f.rules->headline_over_threads
                                     : f.rules->headline) {
    const std::string& metric = name == "rate" ? rate : name;
    if (!metric.empty() && has(f, metric)) return metric;
  }
  return "real_time";
}

// The rules' stage counters the family has, then any other with the prefix.
std::vector<std::string> stage_counters(const Family& f) {
  const ChartRules& rules = *f.rules;
  std::vector<std::string> stages;
  for (const auto& s : rules.stages) {
    if (has(f, s)) stages.push_back(s);
  }
  for (const auto& m : f.members) {
    for (const std::string& c : counter_names(*f.run, *m.b)) {
      if (!rules.stage_prefix.empty() && c.starts_with(rules.stage_prefix) &&
          c.ends_with("_ns") &&
          std::find(stages.begin(), stages.end(), c) == stages.end())
        stages.push_back(c);
    }
  }
  return stages;
}

LineChart metric_chart(const Family& f, const std::string& metric) {
  // Times in the unit that suits them, fractions as percentages.
  const MetricInfo info = describe_metric(metric);
  const bool fraction = info.kind == MetricKind::kFraction;
  double factor = fraction ? 100 : 1;
  std::string unit = fraction ? "%" : info.axis_unit;
  if (info.kind == MetricKind::kTime && info.ns_per_unit == 1) {
    const TimeScale ts = time_scale_for(max_of(f, metric));
    factor = 1 / ts.ns_per_unit;
    unit = ts.unit;
  }
  LineChart c = f.line_chart(
      "headline",
      fmt::format("{}: {} vs {}", f.key, metric_words(metric), f.x_key));
  for (const auto& g : f.groups) {
    ChartSeries s;
    s.label = g.key.empty() ? metric : g.key;
    for (const Member* m : g.members) {
      if (const auto v = stats(f, *m, metric)) {
        s.points.push_back(
            {f.x_of(*m), v->median * factor,
             fmt::format("{}: {}", m->b->name,
                         format_metric_value(metric, v->median))});
      }
    }
    c.series.push_back(std::move(s));
  }
  set_y_axis(c, fmt::format("{} ({})", metric_words(metric), unit), !fraction);
  return c;
}

LineChart latency_chart(const Family& f) {
  LineChart c = f.line_chart(
      "latency", fmt::format("{}: latency percentiles vs {}", f.key, f.x_key));
  for (const auto& g : f.groups) {
    for (const std::string& p : f.rules->percentiles) {
      ChartSeries s;
      const std::string short_name = percentile_name(p);
      s.label = g.key.empty() ? short_name
                              : fmt::format("{} ({})", short_name, g.key);
      for (const Member* m : g.members) {
        if (const auto v = stats(f, *m, p)) {
          s.points.push_back({f.x_of(*m), v->median,
                              fmt::format("{}: {} {}", m->b->name, short_name,
                                          format_duration_ns(v->median))});
        }
      }
      if (!s.points.empty()) c.series.push_back(std::move(s));
    }
  }
  const TimeScale ts = to_time_unit(c);
  set_y_axis(c, fmt::format("{} ({})", f.rules->percentile_axis, ts.unit));
  return c;
}

StackedBarChart stage_chart(const Family& f,
                            const std::vector<std::string>& stages) {
  std::vector<const Member*> order;
  for (const auto& m : f.members) order.push_back(&m);
  if (!f.x_key.empty()) sort_by_x(f.x_key, order);
  StackedBarChart c;
  c.id = chart_id("chart", f.key + "-stages");
  c.title = fmt::format("{}: time per stage{}", f.key,
                        f.x_key.empty() ? "" : " by " + f.x_key);
  c.x_label = f.x_key.empty() ? "benchmark" : arg_axis_label(*f.rules, f.x_key);
  c.note = f.note;
  for (const auto& s : stages) {
    // "stage_fetch_ns" -> "fetch".
    std::string_view layer(s);
    if (layer.starts_with(f.rules->stage_prefix))
      layer.remove_prefix(f.rules->stage_prefix.size());
    if (layer.ends_with("_ns")) layer.remove_suffix(3);
    c.layers.push_back({std::string(layer), {}});
  }
  double max_total = 0;
  for (const Member* m : order) {
    std::string label = f.x_key.empty()
                            ? m->b->name
                            : arg_value(m->name, f.x_key).value_or("?");
    for (const auto& [k, v] : m->name.args) {
      if (k != f.x_key && varies(f.infos, k))
        label += fmt::format(" {}:{}", k, v);
    }
    c.categories.push_back(label);
    double total = 0;
    for (std::size_t s = 0; s < stages.size(); ++s) {
      const auto v = stats(f, *m, stages[s]);
      c.layers[s].values.push_back(v ? v->median : 0.0);
      if (v) total += v->median;
    }
    max_total = std::max(max_total, total);
  }
  // In the time unit that suits the tallest bar.
  const TimeScale ts = time_scale_for(max_total);
  c.y_label = fmt::format("time per iteration ({})", ts.unit);
  for (auto& layer : c.layers) {
    for (double& v : layer.values) v /= ts.ns_per_unit;
  }
  return c;
}

}  // namespace

LineChart Family::line_chart(std::string_view what, std::string title) const {
  LineChart c;
  c.id = chart_id("chart", key + "-" + std::string(what));
  c.title = std::move(title);
  c.note = note;
  c.x.label = with_log(arg_axis_label(*rules, x_key), x_log);
  c.x.log = x_log;
  return c;
}

FamilyCharts scaling_charts(const Results& run, const ChartRules& rules) {
  FamilyCharts out;
  for (Family& f : group_families(run, rules)) {
    std::vector<std::string> sweeps;
    for (const auto& a : f.infos) {
      if (a.numeric && a.values.size() > 1) sweeps.push_back(a.key);
    }
    f.fits = fits_of(run, f.key);
    if (!sweeps.empty()) {
      f.x_key = choose_x(f, sweeps, !f.fits.empty());
      std::vector<double> xs;
      for (const auto& m : f.members) xs.push_back(f.x_of(m));
      f.x_log = spans_more_than_10x(xs);
      split_series(f);
      for (const auto& a : f.infos) {
        if (a.key == f.x_key || a.values.size() != 1) continue;
        f.note += fmt::format("{}{}: {}", f.note.empty() ? "at " : ", ", a.key,
                              a.values.front());
      }
      if (!f.fits.empty() && big_o_value(f.fits.front()->big_o, 2) &&
          (f.x_key == rules.per_unit_argument || sweeps.size() == 1)) {
        out.lines.push_back(per_unit_chart(f));
      } else {
        out.lines.push_back(metric_chart(f, headline_metric(f)));
      }
      if (f.x_key == "threads" && !rules.percentiles.empty() &&
          has(f, rules.percentiles.front()))
        out.lines.push_back(latency_chart(f));
    }
    if (const auto stages = stage_counters(f); stages.size() >= 2)
      out.stacks.push_back(stage_chart(f, stages));
  }
  return out;
}

}  // namespace benchtool
