// The per-unit chart of a family with a Google Benchmark Big-O fit: real time
// per unit of x against x, with the fitted curves (see report_charts.hpp).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/metric.hpp"
#include "report/report_charts.hpp"

namespace benchtool {
namespace {

// The RMS of a fit (relative, 0.03 = 3 %): the family's RMS row.
std::optional<double> fit_rms(const Results& run, const Row& fit) {
  for (std::size_t i : run.find(fit.run_name)->aggregates) {
    const Row& rms = run.rows[i];
    if (rms.aggregate_name == "RMS" && rms.family_index == fit.family_index)
      return rms.rms;
  }
  return std::nullopt;
}

// The fit of a member's registered family (by family_index; files without
// family_index match by name).
const Row* fit_for(const Family& f, const Member& m) {
  const Row& first = m.b->samples.empty()
                         ? *find_aggregate(*f.run, *m.b, "median")
                         : f.run->rows[m.b->samples.front()];
  for (const Row* fit : f.fits) {
    if (fit->family_index == first.family_index) return fit;
  }
  return first.family_index < 0 && !f.fits.empty() ? f.fits.front() : nullptr;
}

// "stocks" -> "stock": the unit one iteration is divided by.
std::string unit(const std::string& key) {
  return key.size() > 1 && key.back() == 's' ? key.substr(0, key.size() - 1)
                                             : key;
}

// A fit with the series it belongs to (by family_index) and their x range.
struct FitUse {
  const Row* fit;
  int colour;
  double lo, hi;
};

// The fitted curve, dashed, as time per unit over the fit's x range.
ChartSeries fit_curve(const Family& f, const FitUse& u, std::size_t fit_count,
                      const TimeScale& ts) {
  const Row& fit = *u.fit;
  const auto rms = fit_rms(*f.run, fit);
  const std::string label = fit.label.empty() ? "" : " " + fit.label;
  ChartSeries curve;
  curve.label = fmt::format(
      "fit O({}){}{}", fit.big_o, fit_count == 1 ? "" : label,
      rms ? fmt::format(", RMS {:.0f} %", *rms * 100) : std::string());
  curve.dashed = true;
  curve.markers = false;
  // One fit for several series: black, it belongs to none of them.
  curve.colour = fit_count == 1 && f.groups.size() > 1 ? 6 : u.colour;
  for (int i = 0; u.lo < u.hi && i < 25; ++i) {
    const double t = i / 24.0;
    const double n =
        f.x_log ? u.lo * std::pow(u.hi / u.lo, t) : u.lo + (u.hi - u.lo) * t;
    const double per_unit =
        fit.real_coefficient * big_o_value(fit.big_o, n).value_or(NAN) / n;
    curve.points.push_back(
        {n, per_unit / ts.ns_per_unit,
         fmt::format("fit{} at {} {}: {} per {}", label, format_tick(n),
                     f.x_key, format_duration_ns(per_unit), unit(f.x_key))});
  }
  return curve;
}

// One series of measured times per unit (ns); its fit joins `fits`.
ChartSeries measured(const Family& f, std::size_t gi,
                     std::vector<FitUse>& fits) {
  const SeriesGroup& g = f.groups[gi];
  ChartSeries s;
  s.label = g.key.empty() ? "measured (real time)" : g.key;
  s.colour = static_cast<int>(gi);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Member* m : g.members) {
    const double n = f.x_of(*m), time = median_of(*f.run, *m->b, "real_time");
    if (!(n > 0)) continue;
    s.points.push_back({n, time / n,
                        fmt::format("{}: {} per {} ({} per iteration)",
                                    m->b->name, format_duration_ns(time / n),
                                    unit(f.x_key), format_duration_ns(time))});
    lo = std::min(lo, n);
    hi = std::max(hi, n);
  }
  const Row* fit = fit_for(f, *g.members.front());
  if (!fit || !big_o_value(fit->big_o, 2)) return s;
  auto it = std::find_if(fits.begin(), fits.end(),
                         [&](const FitUse& u) { return u.fit == fit; });
  if (it == fits.end()) {
    fits.push_back({fit, static_cast<int>(gi), lo, hi});
  } else {
    it->lo = std::min(it->lo, lo);
    it->hi = std::max(it->hi, hi);
  }
  return s;
}

}  // namespace

std::vector<const Row*> fits_of(const Results& run, std::string_view family) {
  std::vector<const Row*> fits;
  const Benchmark* b = run.find(family);
  if (!b || find_listed(run, family)) return fits;
  for (std::size_t i : b->aggregates) {
    if (run.rows[i].aggregate_name == "BigO") fits.push_back(&run.rows[i]);
  }
  return fits;
}

std::optional<double> big_o_value(std::string_view big_o, double n) {
  if (big_o == "(1)" || big_o == "1") return 1.0;
  if (big_o == "N") return n;
  if (big_o == "N^2") return n * n;
  if (big_o == "N^3") return n * n * n;
  if (big_o == "lgN") return std::log2(n);
  if (big_o == "NlgN") return n * std::log2(n);
  return std::nullopt;
}

LineChart per_unit_chart(const Family& f) {
  const std::string per = unit(f.x_key);
  LineChart c = f.line_chart(
      "per-unit", fmt::format("{}: time per {} vs {}", f.key, per, f.x_key));
  std::vector<FitUse> fits;
  for (std::size_t gi = 0; gi < f.groups.size(); ++gi)
    c.series.push_back(measured(f, gi, fits));
  // In the time unit that suits the measured times (the fits follow it).
  const TimeScale ts = to_time_unit(c);
  for (const FitUse& u : fits)
    c.series.push_back(fit_curve(f, u, fits.size(), ts));
  set_y_axis(c, fmt::format("real time per {} ({})", per, ts.unit));
  const std::string sep = f.note.empty() ? "" : "; ";
  if (fits.size() == 1) {
    c.note = fmt::format("{}{}fitted by Google Benchmark: {} \u00D7 {}", f.note,
                         sep, format_duration_ns(fits[0].fit->real_coefficient),
                         fits[0].fit->big_o);
  } else if (fits.size() > 1) {
    c.note = fmt::format(
        "{}{}dashed: Google Benchmark's fit for each registered family", f.note,
        sep);
  }
  return c;
}

}  // namespace benchtool
