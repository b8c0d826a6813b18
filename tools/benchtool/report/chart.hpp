#pragma once
// Chart descriptions and their SVG rendering. Every chart is a complete
// <svg> element with a title, labelled axes (the label carries the unit) and a
// legend, drawn without JavaScript; tooltips are SVG <title> elements. Axis
// scales: a data range widened to "nice" bounds, the tick values inside it,
// and the mapping from data to pixels.

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace benchtool {

struct Scale {
  double lo = 0;  // domain, in data units (both > 0 for a log scale)
  double hi = 1;
  bool log = false;
  std::vector<double> ticks;  // inside [lo, hi], ascending

  // Maps a data value to [pixel_lo, pixel_hi]. Pixels may run backwards
  // (the y axis of an SVG grows downwards).
  double to_pixel(double v, double pixel_lo, double pixel_hi) const;
};

// A linear scale whose bounds are multiples of a 1-2-5 step and contain
// [min, max]; with include_zero the domain reaches down (or up) to 0.
Scale linear_scale(double min, double max, bool include_zero,
                   int target_ticks = 5);
// A log10 scale whose bounds are the 1-2-5 values (1, 2, 5, 10, 20, ...) just
// outside [min, max]; ticks at each of those values when it spans at most three
// decades, else at the powers of ten and both bounds. min must be > 0.
Scale log_scale(double min, double max);
// log_scale when asked for and every value is > 0, else linear_scale.
Scale make_scale(double min, double max, bool log, bool include_zero);

// The rule of the report: a log axis when the values span more than 10x.
bool spans_more_than_10x(const std::vector<double>& values);

// Tick text: "0.5", "20", "1k", "2.5M".
std::string format_tick(double v);

struct ChartAxis {
  std::string label;  // with its unit, e.g. "batch size (samples)"
  bool log = false;
  bool include_zero = false;  // linear axes only
  // x only: points sit at x = 0, 1, 2, ... labelled by these.
  std::vector<std::string> categories;
};

struct ChartPoint {
  double x = 0, y = 0;
  std::string tooltip;   // defaults to "label: x, y"
  bool flagged = false;  // drawn with a ring, explained by flag_legend
};

struct ChartSeries {
  std::string label;
  std::vector<ChartPoint> points;
  bool dashed = false;  // fitted curves and references
  bool markers = true;
  // Palette index; -1: the series' position (a fit takes its data's colour).
  int colour = -1;
};

struct LineChart {
  std::string id;  // unique in the page; prefixes element ids
  std::string title;
  ChartAxis x, y;
  std::vector<ChartSeries> series;
  std::string flag_legend;  // e.g. "regressed vs previous run"
  std::string note;         // one line under the title
};

struct StackLayer {
  std::string label;
  std::vector<double> values;  // one per category
};

struct StackedBarChart {
  std::string id, title, x_label, y_label;
  std::vector<std::string> categories;
  std::vector<StackLayer> layers;  // bottom to top
  std::string note;
};

struct ChangeBar {
  std::string label;
  double change = 0;  // relative, +0.1 = +10 %
  std::string verdict;
};

// Horizontal bars of relative changes, in the order given.
struct ChangeChart {
  std::string id, title, x_label;
  std::vector<ChangeBar> bars;
  std::string note;
};

// Each <svg> carries its axis domains as data-x-min/-max, data-y-min/-max and
// data-x-scale/data-y-scale ("log"|"linear"|"category"), and each drawn datum
// its value as data-x/data-y, so a reader (or a test) can check the axes hold
// the data without redoing the layout.
std::string render_svg(const LineChart& chart);
std::string render_svg(const StackedBarChart& chart);
std::string render_svg(const ChangeChart& chart);

// The SVG building blocks the renderers share.
namespace svg {

// Appends formatted text to `out`.
template <typename... T>
void append(std::string& out, fmt::format_string<T...> format, T&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<T>(args)...);
}
// Escapes &, <, >, " and ' for text and attribute values.
std::string escape(std::string_view text);
// Okabe-Ito colours, by series position.
const char* series_colour(int index);

// Verdicts carry a colour, a symbol and their word, never colour alone.
struct VerdictStyle {
  const char* colour;
  const char* symbol;
};
VerdictStyle verdict_style(std::string_view verdict);

// <text> at (x, y); anchor is start|middle|end.
std::string text(double x, double y, std::string_view content,
                 std::string_view anchor = "start",
                 std::string_view extra_attrs = {});
// A vertical axis label centred on (x, y), reading bottom to top.
std::string rotated_text(double x, double y, std::string_view content,
                         std::string_view extra_attrs = {});
// The <svg> element with its axis domains as data-* attributes, its <title>,
// a white background, the heading and the note under it.
std::string chart_head(std::string_view id, std::string_view css_class,
                       double width, double height, std::string_view x_scale,
                       const Scale& xs, std::string_view y_scale,
                       const Scale& ys, std::string_view title,
                       std::string_view note);
std::string frame(double left, double top, double right, double bottom);
std::string line(double x1, double y1, double x2, double y2,
                 std::string_view stroke);
// Shortens `s` to `max_chars` with an ellipsis (where labels would overlap).
std::string truncate(std::string_view s, std::size_t max_chars);
// Approximate rendered width of sans-serif text, for layout.
double text_width(std::string_view s, double font_size);

}  // namespace svg
}  // namespace benchtool
