// Stacked vertical bars (the pipeline stages) and horizontal change bars.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/metric.hpp"
#include "report/chart.hpp"

namespace benchtool {
namespace {

// The height of category c's bar: its positive, finite layer values.
double stack_total(const StackedBarChart& chart, std::size_t c) {
  double total = 0;
  for (const auto& layer : chart.layers) {
    if (c < layer.values.size() && std::isfinite(layer.values[c]) &&
        layer.values[c] > 0)
      total += layer.values[c];
  }
  return total;
}

// Where a stacked chart's parts go.
struct StackLayout {
  double left, top, right, bottom, slot, bar;
  Scale ys;
  double py(double v) const { return ys.to_pixel(v, bottom, top); }
};

// One category's bar: its segments, their shares, the total and the label.
void stacked_bar(const StackedBarChart& chart, std::size_t c,
                 const StackLayout& g, std::string& out) {
  const double cx = g.left + g.slot * (static_cast<double>(c) + 0.5);
  const double total = stack_total(chart, c);
  double base = 0;
  svg::append(out, R"(<g class="bar" data-x="{}" data-y="{}">)", c, total);
  for (std::size_t l = 0; l < chart.layers.size(); ++l) {
    const auto& layer = chart.layers[l];
    const double v = c < layer.values.size() ? layer.values[c] : 0;
    if (!std::isfinite(v) || v <= 0) continue;
    const double y0 = g.py(base), y1 = g.py(base + v);
    const std::string tip = fmt::format(
        "{} at {}: {} ({:.1f} % of {})", layer.label, chart.categories[c],
        format_si(v), total > 0 ? 100 * v / total : 0, format_si(total));
    svg::append(
        out,
        R"(<rect class="segment" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" stroke="#ffffff" )"
        R"(data-y="{}"><title>{}</title></rect>)",
        cx - g.bar / 2, y1, g.bar, y0 - y1,
        svg::series_colour(static_cast<int>(l)), v, svg::escape(tip));
    // The share is written inside segments tall enough to hold it.
    if (y0 - y1 >= 16 && total > 0) {
      out += svg::text(cx, (y0 + y1) / 2 + 4,
                       fmt::format("{:.0f}%", 100 * v / total), "middle",
                       l == 6 ? R"(font-size="12" fill="#ffffff")"
                              : R"(font-size="12" fill="#000000")");
    }
    base += v;
  }
  out += "</g>";
  out += svg::text(cx, g.py(total) - 6, format_si(total), "middle",
                   R"(font-size="13")");
  out += svg::text(cx, g.bottom + 16, chart.categories[c], "middle");
}

// Legend top-down in the order the segments appear on screen (top layer
// first).
void stacked_legend(const StackedBarChart& chart, const StackLayout& g,
                    std::string& out) {
  out += R"(<g class="legend">)";
  double ly = g.top + 8;
  for (std::size_t k = chart.layers.size(); k-- > 0; ly += 22) {
    svg::append(
        out,
        R"(<rect x="{:.1f}" y="{:.1f}" width="14" height="14" fill="{}"/>)",
        g.right + 16, ly - 7, svg::series_colour(static_cast<int>(k)));
    out += svg::text(g.right + 36, ly + 4,
                     svg::truncate(chart.layers[k].label, 24), "start",
                     R"(font-size="13")");
  }
  out += "</g>";
}

// A regression's fill: hatched, so it differs by texture as well as colour.
std::string bar_fill(const ChangeChart& chart, const std::string& verdict) {
  return verdict == "regressed"
             ? fmt::format("url(#{}-hatch)", svg::escape(chart.id))
             : std::string(svg::verdict_style(verdict).colour);
}

// The hatch pattern and the legend of the verdicts present, in a row under
// the title.
void change_legend(const ChangeChart& chart, double left, double top,
                   std::string& out) {
  svg::append(
      out,
      R"(<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" )"
      R"svg(patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>)svg"
      R"(<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>)",
      svg::escape(chart.id), svg::verdict_style("regressed").colour);
  std::vector<std::string> verdicts;
  for (const auto& b : chart.bars) {
    if (std::find(verdicts.begin(), verdicts.end(), b.verdict) ==
        verdicts.end())
      verdicts.push_back(b.verdict);
  }
  out += R"(<g class="legend">)";
  double lx = left;
  for (const auto& v : verdicts) {
    svg::append(
        out,
        R"(<rect x="{:.1f}" y="{:.1f}" width="14" height="14" fill="{}"/>)", lx,
        top - 26, bar_fill(chart, v));
    const std::string label =
        fmt::format("{} {}", svg::verdict_style(v).symbol, v);
    out += svg::text(lx + 18, top - 15, label, "start", R"(font-size="13")");
    lx += 18 + svg::text_width(label, 13) + 22;
  }
  out += "</g>";
}

}  // namespace

std::string render_svg(const StackedBarChart& chart) {
  constexpr double kWidth = 760, kHeight = 420, kLegendWidth = 150;
  const std::size_t n = chart.categories.size();
  double max_total = 0;
  for (std::size_t c = 0; c < n; ++c)
    max_total = std::max(max_total, stack_total(chart, c));
  StackLayout g{78,
                chart.note.empty() ? 44.0 : 60.0,
                kWidth - kLegendWidth - 14,
                kHeight - 56,
                0,
                0,
                linear_scale(0, max_total, true)};
  g.slot = (g.right - g.left) / std::max<double>(1, static_cast<double>(n));
  g.bar = std::min(90.0, g.slot * 0.6);
  const Scale xs{-0.5, static_cast<double>(n) - 0.5, false, {}};

  std::string out =
      svg::chart_head(chart.id, "stacked-bar-chart", kWidth, kHeight,
                      "category", xs, "linear", g.ys, chart.title, chart.note);
  for (double t : g.ys.ticks) {
    out += svg::line(g.left, g.py(t), g.right, g.py(t), "#e3e3e3");
    out += svg::text(g.left - 6, g.py(t) + 4, format_tick(t), "end");
  }
  for (std::size_t c = 0; c < n; ++c) stacked_bar(chart, c, g, out);
  out += svg::frame(g.left, g.top, g.right, g.bottom);
  out += svg::text((g.left + g.right) / 2, kHeight - 14, chart.x_label,
                   "middle", R"(font-size="15")");
  out += svg::rotated_text(18, (g.top + g.bottom) / 2, chart.y_label,
                           R"(font-size="15")");
  stacked_legend(chart, g, out);
  out += "</svg>";
  return out;
}

std::string render_svg(const ChangeChart& chart) {
  constexpr double kWidth = 1000, kRow = 24, kVerdictColumn = 190;
  double label_width = 80;
  for (const auto& b : chart.bars)
    label_width = std::max(label_width, svg::text_width(b.label, 13));
  label_width = std::min(label_width, 420.0);
  const std::size_t max_chars =
      static_cast<std::size_t>(label_width / (13 * 0.58));
  const double left = label_width + 16, right = kWidth - kVerdictColumn;
  const double top = chart.note.empty() ? 70 : 84;
  const double bottom = top + kRow * static_cast<double>(std::max<std::size_t>(
                                         1, chart.bars.size()));
  const double height = bottom + 50;

  double lo = 0, hi = 0;
  for (const auto& b : chart.bars) {
    if (!std::isfinite(b.change)) continue;
    lo = std::min(lo, b.change * 100);
    hi = std::max(hi, b.change * 100);
  }
  const Scale xs = linear_scale(lo, hi, true, 6);
  const Scale ys{-0.5, static_cast<double>(chart.bars.size()) - 0.5, false, {}};
  auto px = [&](double v) { return xs.to_pixel(v, left, right); };

  std::string out =
      svg::chart_head(chart.id, "change-chart", kWidth, height, "linear", xs,
                      "category", ys, chart.title, chart.note);
  change_legend(chart, left, top, out);
  for (double t : xs.ticks) {
    out += svg::line(px(t), top, px(t), bottom, t == 0 ? "#333333" : "#e3e3e3");
    out += svg::text(px(t), bottom + 16, format_tick(t), "middle");
  }
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const ChangeBar& b = chart.bars[i];
    const double y = top + kRow * static_cast<double>(i);
    const auto style = svg::verdict_style(b.verdict);
    out +=
        svg::text(left - 6, y + kRow / 2 + 4, svg::truncate(b.label, max_chars),
                  "end", R"(font-size="13")");
    const std::string verdict_text = fmt::format(
        "{} {} {}", style.symbol, b.verdict,
        std::isfinite(b.change) ? fmt::format("{:+.1f} %", b.change * 100)
                                : std::string("n/a"));
    if (std::isfinite(b.change)) {
      const double x0 = px(0), x1 = px(b.change * 100);
      svg::append(
          out,
          R"(<rect class="change-bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" )"
          R"(data-x="{}" data-y="{}" data-verdict="{}"><title>{}: {}</title></rect>)",
          std::min(x0, x1), y + 3, std::max(1.0, std::fabs(x1 - x0)), kRow - 6,
          bar_fill(chart, b.verdict), b.change * 100, i, svg::escape(b.verdict),
          svg::escape(b.label), svg::escape(verdict_text));
    }
    out +=
        svg::text(right + 10, y + kRow / 2 + 4, verdict_text, "start",
                  fmt::format(R"(font-size="13" font-weight="bold" fill="{}")",
                              style.colour));
  }
  out += svg::frame(left, top, right, bottom);
  out += svg::text((left + right) / 2, height - 14, chart.x_label, "middle",
                   R"(font-size="15")");
  out += "</svg>";
  return out;
}

}  // namespace benchtool
