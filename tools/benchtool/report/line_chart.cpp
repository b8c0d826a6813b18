// Line charts: numeric x (linear or log) or categorical x (run history).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/chart.hpp"

namespace benchtool {
namespace {

constexpr double kWidth = 760;
constexpr double kLegendFont = 13;  // legend entries
constexpr std::size_t kLegendChars = 30;

// Series are told apart by shape as well as colour: a circle, a square, three
// polygons (triangle up, diamond, triangle down: corners in units of r) and a
// cross. `extra` goes inside the element, e.g. a <title>.
std::string marker(int series, double x, double y, double r,
                   std::string_view colour, std::string_view extra = {}) {
  static constexpr std::pair<double, double> kPolygons[3][4] = {
      {{0, -1.2}, {1.1, 0.8}, {-1.1, 0.8}},
      {{0, -1.3}, {1.1, 0}, {0, 1.3}, {-1.1, 0}},
      {{0, 1.2}, {1.1, -0.8}, {-1.1, -0.8}}};
  const auto fill = fmt::format(R"(fill="{0}" stroke="{0}")", colour);
  const int shape = series % 6;
  if (shape == 0)
    return fmt::format(
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" {}>{}</circle>)", x, y, r,
        fill, extra);
  if (shape == 1)
    return fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" {}>{}</rect>)",
        x - r, y - r, 2 * r, 2 * r, fill, extra);
  if (shape == 5)
    return fmt::format(
        R"(<path d="M{:.1f},{:.1f}L{:.1f},{:.1f}M{:.1f},{:.1f}L{:.1f},{:.1f}" )"
        R"(stroke="{}" stroke-width="2.5" fill="none">{}</path>)",
        x - r, y - r, x + r, y + r, x - r, y + r, x + r, y - r, colour, extra);
  std::string d;
  for (const auto& [dx, dy] : kPolygons[shape - 2]) {
    if (dx == 0 && dy == 0) break;  // triangles have three corners
    svg::append(d, "{}{:.1f},{:.1f}", d.empty() ? "M" : "L", x + r * dx,
                y + r * dy);
  }
  return fmt::format(R"(<path d="{}Z" {}>{}</path>)", d, fill, extra);
}

bool drawable(const ChartAxis& axis, double v) {
  return std::isfinite(v) && (!axis.log || v > 0);
}

// The scale of the drawable values; a default range when there are none.
Scale axis_scale(const ChartAxis& axis, const std::vector<double>& values) {
  if (values.empty())
    return make_scale(axis.log ? 1 : 0, axis.log ? 10 : 1, axis.log,
                      axis.include_zero);
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return make_scale(*lo, *hi, axis.log, axis.include_zero);
}

int palette_index(const ChartSeries& s, int position) {
  return s.colour >= 0 ? s.colour : position;
}

// A legend label, shortened, with its full text as a tooltip when it was.
std::string legend_text(double x, double y, const std::string& label) {
  return fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" font-size="{}">{}{}</text>)", x, y,
      kLegendFont, svg::escape(svg::truncate(label, kLegendChars)),
      label.size() > kLegendChars
          ? fmt::format("<title>{}</title>", svg::escape(label))
          : "");
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
  std::vector<double> xs, ys;
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) {
      l.flagged |= p.flagged;
      if (!drawable(chart.x, p.x) || !drawable(chart.y, p.y)) continue;
      xs.push_back(p.x);
      ys.push_back(p.y);
    }
  }
  l.flagged = l.flagged && !chart.flag_legend.empty();
  // Legend width from its longest label, so short legends leave the plot room.
  double legend = 0;
  const auto widen = [&](const std::string& label) {
    legend = std::max(
        legend,
        svg::text_width(svg::truncate(label, kLegendChars), kLegendFont));
  };
  if (l.flagged) widen(chart.flag_legend);
  for (const auto& s : chart.series) widen(s.label);
  // Category labels are two lines (date, sha) and need a taller margin.
  const double bottom_margin = l.categorical ? 84 : 62;
  const double legend_rows =
      static_cast<double>(chart.series.size()) + (l.flagged ? 1 : 0);
  l.top = chart.note.empty() ? 46 : 64;
  l.height = std::max(420.0, l.top + 16 + legend_rows * 22 + bottom_margin);
  l.right = kWidth - std::clamp(legend + 44, 110.0, 270.0) - 16;
  l.bottom = l.height - bottom_margin;
  l.ys = axis_scale(chart.y, ys);
  if (!l.categorical) {
    l.xs = axis_scale(chart.x, xs);
    return l;
  }
  // Half a slot either side so the first and last runs are off the frame.
  const std::size_t n = chart.x.categories.size();
  l.xs = Scale{-0.5, static_cast<double>(n) - 0.5, false, {}};
  const std::size_t every = std::max<std::size_t>(1, (n + 5) / 6);
  for (std::size_t i = 0; i < n; i += every)
    l.xs.ticks.push_back(static_cast<double>(i));
  return l;
}

// Grid lines, tick labels, the frame and the axis labels.
void axes(const LineChart& chart, const Layout& l, std::string& out) {
  for (double t : l.ys.ticks) {
    out += svg::line(l.left, l.py(t), l.right, l.py(t), "#e3e3e3");
    out += svg::text(l.left - 7, l.py(t) + 5, format_tick(t), "end");
  }
  for (double t : l.xs.ticks) {
    const double x = l.px(t);
    out += svg::line(x, l.top, x, l.bottom, "#eeeeee");
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

// A series: the line, then each point's marker (unmarked series, fitted
// curves, get a small dot that keeps their data) with its tooltip, and a ring
// on flagged points.
void series(const LineChart& chart, std::size_t i, const Layout& l,
            std::string& out) {
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
      svg::append(d, "{}{:.1f},{:.1f}", d.empty() ? "M" : "L", l.px(p.x),
                  l.py(p.y));
    }
    svg::append(
        out, R"(<path d="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>)",
        d, colour, s.dashed ? R"( stroke-dasharray="7 4")" : "");
  }
  for (const auto& p : pts) {
    const std::string title = fmt::format(
        "<title>{}</title>",
        svg::escape(p.tooltip.empty()
                        ? fmt::format("{}: {}, {}", s.label, format_tick(p.x),
                                      format_tick(p.y))
                        : p.tooltip));
    const auto data = fmt::format(R"( data-x="{}" data-y="{}")", p.x, p.y);
    const double x = l.px(p.x), y = l.py(p.y);
    if (s.markers) {
      svg::append(out, R"(<g class="point"{}>{}</g>)", data,
                  marker(index, x, y, 5, colour, title));
    } else {
      svg::append(
          out,
          R"(<circle class="point" cx="{:.1f}" cy="{:.1f}" r="1.5" fill="{}"{}>{}</circle>)",
          x, y, colour, data, title);
    }
    if (p.flagged) {
      svg::append(
          out,
          R"(<circle class="flag" cx="{:.1f}" cy="{:.1f}" r="10" fill="none" )"
          R"(stroke="#000000" stroke-width="2.5">{}</circle>)",
          x, y, title);
    }
  }
  out += "</g>";
}

void legend(const LineChart& chart, const Layout& l, std::string& out) {
  out += R"(<g class="legend">)";
  double y = l.top + 10;
  const double x = l.right + 14;
  for (std::size_t i = 0; i < chart.series.size(); ++i, y += 22) {
    const ChartSeries& s = chart.series[i];
    const int index = palette_index(s, static_cast<int>(i));
    const char* colour = svg::series_colour(index);
    svg::append(
        out,
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" )"
        R"(stroke-width="2.5"{}/>)",
        x, y, x + 26, y, colour, s.dashed ? R"( stroke-dasharray="6 3")" : "");
    if (s.markers) out += marker(index, x + 13, y, 5, colour);
    out += legend_text(x + 32, y + 5, s.label);
  }
  if (l.flagged) {
    svg::append(
        out,
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="8" fill="none" stroke="#000000" )"
        R"(stroke-width="2.5"/>)",
        x + 13, y);
    out += legend_text(x + 32, y + 5, chart.flag_legend);
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
