// Line charts: numeric x (linear or log) or categorical x (run history).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/chart.hpp"
#include "report/chart_scale.hpp"
#include "report/svg.hpp"

namespace benchtool {
namespace {

constexpr double kWidth = 760;
constexpr double kFont = 14;        // ticks
constexpr double kLegendFont = 13;  // legend entries
constexpr std::size_t kLegendChars = 30;

bool drawable(const ChartAxis& axis, double v) {
  return std::isfinite(v) && (!axis.log || v > 0);
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

Scale axis_scale(const ChartAxis& axis, Range r) {
  if (r.empty()) r = {axis.log ? 1.0 : 0.0, axis.log ? 10.0 : 1.0};
  return make_scale(r.lo, r.hi, axis.log, axis.include_zero);
}

// Legend width from its longest label, so short legends leave the plot room.
double legend_width(const LineChart& chart, bool flagged) {
  double w = 0;
  for (const auto& s : chart.series) {
    w = std::max(
        w, svg::text_width(svg::truncate(s.label, kLegendChars), kLegendFont));
  }
  if (flagged) {
    w = std::max(w,
                 svg::text_width(svg::truncate(chart.flag_legend, kLegendChars),
                                 kLegendFont));
  }
  return std::clamp(w + 44, 110.0, 270.0);
}

int palette_index(const ChartSeries& s, int position) {
  return s.colour >= 0 ? s.colour : position;
}

std::string legend_entry(double x, double y, const ChartSeries& s,
                         int position) {
  std::string out;
  const int index = palette_index(s, position);
  const char* colour = svg::series_colour(index);
  svg::append(
      out,
      R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2.5"{}/>)",
      x, y, x + 26, y, colour, s.dashed ? R"( stroke-dasharray="6 3")" : "");
  if (s.markers)
    out += svg::marker(svg::series_marker(index), x + 13, y, 5, colour);
  std::string title;
  if (s.label.size() > kLegendChars) {
    title = fmt::format("<title>{}</title>", svg::escape(s.label));
  }
  svg::append(out, R"(<text x="{:.1f}" y="{:.1f}" font-size="{}">{}{}</text>)",
              x + 32, y + 5, kLegendFont,
              svg::escape(svg::truncate(s.label, kLegendChars)), title);
  return out;
}

}  // namespace

std::string render_svg(const LineChart& chart) {
  const bool categorical = !chart.x.categories.empty();
  bool flagged = false;
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) flagged |= p.flagged;
  }
  flagged = flagged && !chart.flag_legend.empty();
  // Category labels are two lines (date, sha) and need a taller margin.
  const double bottom_margin = categorical ? 84 : 62;
  const double legend_rows =
      static_cast<double>(chart.series.size()) + (flagged ? 1 : 0);
  const double top = chart.note.empty() ? 46 : 64;
  const double height =
      std::max(420.0, top + 16 + legend_rows * 22 + bottom_margin);
  const double left = 84;
  const double right = kWidth - legend_width(chart, flagged) - 16;
  const double bottom = height - bottom_margin;

  Range xr, yr;
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) {
      if (!drawable(chart.x, p.x) || !drawable(chart.y, p.y)) continue;
      xr.add(p.x);
      yr.add(p.y);
    }
  }
  Scale xs;
  if (categorical) {
    // Half a slot either side so the first and last runs are off the frame.
    xs.lo = -0.5;
    xs.hi = static_cast<double>(chart.x.categories.size()) - 0.5;
    const std::size_t n = chart.x.categories.size();
    const std::size_t every = std::max<std::size_t>(1, (n + 5) / 6);
    for (std::size_t i = 0; i < n; i += every) {
      xs.ticks.push_back(static_cast<double>(i));
    }
  } else {
    xs = axis_scale(chart.x, xr);
  }
  const Scale ys = axis_scale(chart.y, yr);
  auto px = [&](double v) { return xs.to_pixel(v, left, right); };
  auto py = [&](double v) { return ys.to_pixel(v, bottom, top); };

  std::string out;
  svg::append(
      out,
      R"(<svg xmlns="http://www.w3.org/2000/svg" id="{0}" class="chart line-chart" viewBox="0 0 {1} {2:.0f}" )"
      R"(width="{1}" height="{2:.0f}" role="img" aria-labelledby="{0}-title" font-family="sans-serif" )"
      R"(font-size="{3}" data-x-scale="{4}" data-y-scale="{5}" data-x-min="{6}" data-x-max="{7}" )"
      R"(data-y-min="{8}" data-y-max="{9}">)",
      svg::escape(chart.id), kWidth, height, kFont,
      categorical ? "category" : (xs.log ? "log" : "linear"),
      ys.log ? "log" : "linear", xs.lo, xs.hi, ys.lo, ys.hi);
  svg::append(out, R"(<title id="{}-title">{}</title>)", svg::escape(chart.id),
              svg::escape(chart.title));
  svg::append(
      out, R"(<rect x="0" y="0" width="{}" height="{:.0f}" fill="#ffffff"/>)",
      kWidth, height);
  out += svg::text(kWidth / 2, 24, chart.title, "middle",
                   R"(font-size="17" font-weight="bold")");
  if (!chart.note.empty()) {
    out += svg::text(kWidth / 2, 44, chart.note, "middle",
                     R"(font-size="13" fill="#444444")");
  }

  // Grid and ticks.
  for (double t : ys.ticks) {
    const double y = py(t);
    svg::append(
        out,
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#e3e3e3"/>)",
        left, y, right, y);
    out += svg::text(left - 7, y + 5, format_tick(t), "end");
  }
  for (double t : xs.ticks) {
    const double x = px(t);
    svg::append(
        out,
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#eeeeee"/>)",
        x, top, x, bottom);
    if (categorical) {
      const std::string& label =
          chart.x.categories[static_cast<std::size_t>(t)];
      const auto nl = label.find('\n');
      out += svg::text(x, bottom + 18, label.substr(0, nl), "middle",
                       R"(font-size="12")");
      if (nl != std::string::npos) {
        out += svg::text(x, bottom + 33, label.substr(nl + 1), "middle",
                         R"(font-size="12" fill="#444444")");
      }
    } else {
      out += svg::text(x, bottom + 19, format_tick(t), "middle");
    }
  }
  svg::append(
      out,
      R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#555555"/>)",
      left, top, right - left, bottom - top);
  out += svg::text((left + right) / 2, height - 16, chart.x.label, "middle",
                   R"(font-size="15")");
  out += svg::rotated_text(20, (top + bottom) / 2, chart.y.label,
                           R"(font-size="15")");

  // Series: the line, then markers on top, each with a tooltip.
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    const int index = palette_index(s, static_cast<int>(i));
    const char* colour = svg::series_colour(index);
    std::vector<ChartPoint> pts;
    for (const auto& p : s.points) {
      if (drawable(chart.x, p.x) && drawable(chart.y, p.y)) pts.push_back(p);
    }
    std::stable_sort(
        pts.begin(), pts.end(),
        [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
    svg::append(out, R"(<g class="series" data-label="{}">)",
                svg::escape(s.label));
    if (pts.size() > 1) {
      std::string d;
      for (const auto& p : pts) {
        svg::append(d, "{}{:.1f},{:.1f}", d.empty() ? "M" : "L", px(p.x),
                    py(p.y));
      }
      svg::append(
          out, R"(<path d="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>)",
          d, colour, s.dashed ? R"( stroke-dasharray="7 4")" : "");
    }
    for (const auto& p : pts) {
      const std::string tip =
          p.tooltip.empty() ? fmt::format("{}: {}, {}", s.label,
                                          format_tick(p.x), format_tick(p.y))
                            : p.tooltip;
      const std::string title =
          fmt::format("<title>{}</title>", svg::escape(tip));
      const std::string data =
          fmt::format(R"( data-x="{}" data-y="{}")", p.x, p.y);
      if (s.markers) {
        svg::append(out, R"(<g class="point"{}>{}</g>)", data,
                    svg::marker(svg::series_marker(index), px(p.x), py(p.y), 5,
                                colour, title));
      } else {
        // Unmarked series (fitted curves) still carry their data for checks.
        svg::append(
            out,
            R"(<circle class="point" cx="{:.1f}" cy="{:.1f}" r="1.5" fill="{}"{}>{}</circle>)",
            px(p.x), py(p.y), colour, data, title);
      }
      if (p.flagged) {
        svg::append(
            out,
            R"(<circle class="flag" cx="{:.1f}" cy="{:.1f}" r="10" fill="none" stroke="#000000" stroke-width="2.5">{}</circle>)",
            px(p.x), py(p.y), title);
      }
    }
    out += "</g>";
  }

  // Legend.
  out += R"(<g class="legend">)";
  double ly = top + 10;
  const double lx = right + 14;
  for (std::size_t i = 0; i < chart.series.size(); ++i, ly += 22) {
    out += legend_entry(lx, ly, chart.series[i], static_cast<int>(i));
  }
  if (flagged) {
    svg::append(
        out,
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="8" fill="none" stroke="#000000" stroke-width="2.5"/>)",
        lx + 13, ly);
    svg::append(out, R"(<text x="{:.1f}" y="{:.1f}" font-size="{}">{}</text>)",
                lx + 32, ly + 5, kLegendFont,
                svg::escape(svg::truncate(chart.flag_legend, kLegendChars)));
  }
  out += "</g></svg>";
  return out;
}

}  // namespace benchtool
