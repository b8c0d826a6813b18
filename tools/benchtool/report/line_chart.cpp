// Line charts: numeric x (linear or log) or categorical x (run history).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/chart.hpp"
#include "report/svg.hpp"

namespace benchtool {
namespace {

constexpr double kWidth = 760;
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
  const auto width = [](const std::string& label) {
    return svg::text_width(svg::truncate(label, kLegendChars), kLegendFont);
  };
  double w = flagged ? width(chart.flag_legend) : 0;
  for (const auto& s : chart.series) w = std::max(w, width(s.label));
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

// Where a chart's parts go: margins, plot area and the two scales.
struct Layout {
  bool categorical = false;
  bool flagged = false;  // some point is flagged and there is a legend for it
  double height = 0, left = 84, right = 0, top = 0, bottom = 0;
  Scale xs, ys;
  double px(double v) const { return xs.to_pixel(v, left, right); }
  double py(double v) const { return ys.to_pixel(v, bottom, top); }
};

Layout layout(const LineChart& chart) {
  Layout l;
  l.categorical = !chart.x.categories.empty();
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) l.flagged |= p.flagged;
  }
  l.flagged = l.flagged && !chart.flag_legend.empty();
  // Category labels are two lines (date, sha) and need a taller margin.
  const double bottom_margin = l.categorical ? 84 : 62;
  const double legend_rows =
      static_cast<double>(chart.series.size()) + (l.flagged ? 1 : 0);
  l.top = chart.note.empty() ? 46 : 64;
  l.height = std::max(420.0, l.top + 16 + legend_rows * 22 + bottom_margin);
  l.right = kWidth - legend_width(chart, l.flagged) - 16;
  l.bottom = l.height - bottom_margin;
  Range xr, yr;
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) {
      if (!drawable(chart.x, p.x) || !drawable(chart.y, p.y)) continue;
      xr.add(p.x);
      yr.add(p.y);
    }
  }
  if (l.categorical) {
    // Half a slot either side so the first and last runs are off the frame.
    const std::size_t n = chart.x.categories.size();
    l.xs.lo = -0.5;
    l.xs.hi = static_cast<double>(n) - 0.5;
    const std::size_t every = std::max<std::size_t>(1, (n + 5) / 6);
    for (std::size_t i = 0; i < n; i += every)
      l.xs.ticks.push_back(static_cast<double>(i));
  } else {
    l.xs = axis_scale(chart.x, xr);
  }
  l.ys = axis_scale(chart.y, yr);
  return l;
}

// Grid lines, tick labels, the frame and the axis labels.
void axes(const LineChart& chart, const Layout& l, std::string& out) {
  for (double t : l.ys.ticks) {
    const double y = l.py(t);
    svg::append(
        out,
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#e3e3e3"/>)",
        l.left, y, l.right, y);
    out += svg::text(l.left - 7, y + 5, format_tick(t), "end");
  }
  for (double t : l.xs.ticks) {
    const double x = l.px(t);
    svg::append(
        out,
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#eeeeee"/>)",
        x, l.top, x, l.bottom);
    if (!l.categorical) {
      out += svg::text(x, l.bottom + 19, format_tick(t), "middle");
      continue;
    }
    const std::string& label = chart.x.categories[static_cast<std::size_t>(t)];
    const auto nl = label.find('\n');
    out += svg::text(x, l.bottom + 18, label.substr(0, nl), "middle",
                     R"(font-size="12")");
    if (nl != std::string::npos) {
      out += svg::text(x, l.bottom + 33, label.substr(nl + 1), "middle",
                       R"(font-size="12" fill="#444444")");
    }
  }
  out += svg::frame(l.left, l.top, l.right, l.bottom);
  out += svg::text((l.left + l.right) / 2, l.height - 16, chart.x.label,
                   "middle", R"(font-size="15")");
  out += svg::rotated_text(20, (l.top + l.bottom) / 2, chart.y.label,
                           R"(font-size="15")");
}

// One point's marker (or, unmarked, a small dot that keeps its data) with its
// tooltip, and its ring when flagged.
void point(const ChartSeries& s, const ChartPoint& p, int index,
           const Layout& l, std::string& out) {
  const char* colour = svg::series_colour(index);
  const std::string tip = p.tooltip.empty()
                              ? fmt::format("{}: {}, {}", s.label,
                                            format_tick(p.x), format_tick(p.y))
                              : p.tooltip;
  const std::string title = fmt::format("<title>{}</title>", svg::escape(tip));
  const std::string data = fmt::format(R"( data-x="{}" data-y="{}")", p.x, p.y);
  if (s.markers) {
    svg::append(out, R"(<g class="point"{}>{}</g>)", data,
                svg::marker(svg::series_marker(index), l.px(p.x), l.py(p.y), 5,
                            colour, title));
  } else {
    // Unmarked series (fitted curves) still carry their data for checks.
    svg::append(
        out,
        R"(<circle class="point" cx="{:.1f}" cy="{:.1f}" r="1.5" fill="{}"{}>{}</circle>)",
        l.px(p.x), l.py(p.y), colour, data, title);
  }
  if (p.flagged) {
    svg::append(
        out,
        R"(<circle class="flag" cx="{:.1f}" cy="{:.1f}" r="10" fill="none" stroke="#000000" stroke-width="2.5">{}</circle>)",
        l.px(p.x), l.py(p.y), title);
  }
}

// A series: the line, then markers on top, each with a tooltip.
void series(const LineChart& chart, std::size_t i, const Layout& l,
            std::string& out) {
  const ChartSeries& s = chart.series[i];
  const int index = palette_index(s, static_cast<int>(i));
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
      svg::append(d, "{}{:.1f},{:.1f}", d.empty() ? "M" : "L", l.px(p.x),
                  l.py(p.y));
    }
    svg::append(
        out, R"(<path d="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>)",
        d, svg::series_colour(index),
        s.dashed ? R"( stroke-dasharray="7 4")" : "");
  }
  for (const auto& p : pts) point(s, p, index, l, out);
  out += "</g>";
}

void legend(const LineChart& chart, const Layout& l, std::string& out) {
  out += R"(<g class="legend">)";
  double ly = l.top + 10;
  const double lx = l.right + 14;
  for (std::size_t i = 0; i < chart.series.size(); ++i, ly += 22) {
    out += legend_entry(lx, ly, chart.series[i], static_cast<int>(i));
  }
  if (l.flagged) {
    svg::append(
        out,
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="8" fill="none" stroke="#000000" stroke-width="2.5"/>)",
        lx + 13, ly);
    svg::append(out, R"(<text x="{:.1f}" y="{:.1f}" font-size="{}">{}</text>)",
                lx + 32, ly + 5, kLegendFont,
                svg::escape(svg::truncate(chart.flag_legend, kLegendChars)));
  }
  out += "</g>";
}

}  // namespace

std::string render_svg(const LineChart& chart) {
  const Layout l = layout(chart);
  std::string out = svg::chart_head(
      chart.id, "line-chart", kWidth, l.height,
      l.categorical ? "category" : (l.xs.log ? "log" : "linear"), l.xs,
      l.ys.log ? "log" : "linear", l.ys, chart.title, chart.note);
  axes(chart, l, out);
  for (std::size_t i = 0; i < chart.series.size(); ++i)
    series(chart, i, l, out);
  legend(chart, l, out);
  out += "</svg>";
  return out;
}

}  // namespace benchtool
