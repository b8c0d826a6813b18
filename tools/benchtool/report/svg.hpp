#pragma once
// The few SVG/XML building blocks the charts share: escaping, text with a
// tooltip, markers, and the palette.

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "report/chart.hpp"

namespace benchtool::svg {

// Appends formatted text to `out` (the charts build their SVG this way).
template <typename... T>
void append(std::string& out, fmt::format_string<T...> format, T&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<T>(args)...);
}

// Escapes &, <, >, " and ' for text and attribute values.
std::string escape(std::string_view text);

// Okabe-Ito: distinguishable under the common colour-vision deficiencies.
// Yellow is last: it is the weakest on white.
inline constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73",
                                           "#CC79A7", "#56B4E9", "#D55E00",
                                           "#000000", "#F0E442"};
inline constexpr int kPaletteSize = 8;

// Series are told apart by shape as well as colour.
enum class Marker {
  kCircle,
  kSquare,
  kTriangleUp,
  kDiamond,
  kTriangleDown,
  kCross
};
inline constexpr int kMarkerCount = 6;

const char* series_colour(int index);
Marker series_marker(int index);
// One marker centred on (x, y); `extra` is appended inside the element, e.g. a
// <title>.
std::string marker(Marker m, double x, double y, double r,
                   std::string_view colour, std::string_view extra = {});

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
// The start of a chart: the <svg> element with its axis domains as data-*
// attributes (scales "log", "linear" or "category"), its <title>, a white
// background, the heading and the note under it.
std::string chart_head(std::string_view id, std::string_view css_class,
                       double width, double height, std::string_view x_scale,
                       const Scale& xs, std::string_view y_scale,
                       const Scale& ys, std::string_view title,
                       std::string_view note);
// The frame around a plot area.
std::string frame(double left, double top, double right, double bottom);
// Shortens `s` to `max_chars` with an ellipsis (used where labels would
// overlap).
std::string truncate(std::string_view s, std::size_t max_chars);
// Approximate rendered width of sans-serif text, for layout.
double text_width(std::string_view s, double font_size);

}  // namespace benchtool::svg
