#include "report/svg.hpp"

#include <fmt/format.h>

namespace benchtool::svg {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const char* entity = c == '&'    ? "&amp;"
                         : c == '<'  ? "&lt;"
                         : c == '>'  ? "&gt;"
                         : c == '"'  ? "&quot;"
                         : c == '\'' ? "&#39;"
                                     : nullptr;
    if (entity) {
      out += entity;
    } else {
      out += c;
    }
  }
  return out;
}

const char* series_colour(int index) { return kPalette[index % kPaletteSize]; }

Marker series_marker(int index) {
  return static_cast<Marker>(index % kMarkerCount);
}

std::string marker(Marker m, double x, double y, double r,
                   std::string_view colour, std::string_view extra) {
  const auto fill = fmt::format(R"(fill="{0}" stroke="{0}")", colour);
  switch (m) {
    case Marker::kCircle:
      return fmt::format(
          R"(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" {}>{}</circle>)", x, y,
          r, fill, extra);
    case Marker::kSquare:
      return fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" {}>{}</rect>)",
          x - r, y - r, 2 * r, 2 * r, fill, extra);
    case Marker::kTriangleUp:
      return fmt::format(
          R"(<path d="M{:.1f},{:.1f}L{:.1f},{:.1f}L{:.1f},{:.1f}Z" {}>{}</path>)",
          x, y - r * 1.2, x + r * 1.1, y + r * 0.8, x - r * 1.1, y + r * 0.8,
          fill, extra);
    case Marker::kDiamond:
      return fmt::format(
          R"(<path d="M{:.1f},{:.1f}L{:.1f},{:.1f}L{:.1f},{:.1f}L{:.1f},{:.1f}Z" {}>{}</path>)",
          x, y - r * 1.3, x + r * 1.1, y, x, y + r * 1.3, x - r * 1.1, y, fill,
          extra);
    case Marker::kTriangleDown:
      return fmt::format(
          R"(<path d="M{:.1f},{:.1f}L{:.1f},{:.1f}L{:.1f},{:.1f}Z" {}>{}</path>)",
          x, y + r * 1.2, x + r * 1.1, y - r * 0.8, x - r * 1.1, y - r * 0.8,
          fill, extra);
    case Marker::kCross:
      return fmt::format(
          R"(<path d="M{:.1f},{:.1f}L{:.1f},{:.1f}M{:.1f},{:.1f}L{:.1f},{:.1f}" stroke="{}" stroke-width="2.5" fill="none">{}</path>)",
          x - r, y - r, x + r, y + r, x - r, y + r, x + r, y - r, colour,
          extra);
  }
  return {};
}

VerdictStyle verdict_style(std::string_view verdict) {
  if (verdict == "regressed") return {"#D55E00", "\u26A0"};  // warning sign
  if (verdict == "improved") return {"#0072B2", "\u2713"};   // check mark
  if (verdict == "unchanged") return {"#6E6E6E", "="};
  if (verdict == "inconclusive") return {"#E69F00", "?"};
  if (verdict == "new") return {"#56B4E9", "+"};
  if (verdict == "removed") return {"#CC79A7", "\u2212"};  // minus sign
  if (verdict == "errored") return {"#000000", "\u2717"};  // ballot x
  return {"#6E6E6E", "\u00B7"};
}

std::string text(double x, double y, std::string_view content,
                 std::string_view anchor, std::string_view extra_attrs) {
  return fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" text-anchor="{}"{}{}>{}</text>)", x, y,
      anchor, extra_attrs.empty() ? "" : " ", extra_attrs, escape(content));
}

std::string rotated_text(double x, double y, std::string_view content,
                         std::string_view extra_attrs) {
  return fmt::format(
      R"svg(<text x="{0:.1f}" y="{1:.1f}" text-anchor="middle" transform="rotate(-90 {0:.1f} {1:.1f})"{2}{3}>{4}</text>)svg",
      x, y, extra_attrs.empty() ? "" : " ", extra_attrs, escape(content));
}

std::string chart_head(std::string_view id, std::string_view css_class,
                       double width, double height, std::string_view x_scale,
                       const Scale& xs, std::string_view y_scale,
                       const Scale& ys, std::string_view title,
                       std::string_view note) {
  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" id="{0}" class="chart {1}" viewBox="0 0 {2:.0f} {3:.0f}" )"
      R"(width="{2:.0f}" height="{3:.0f}" role="img" aria-labelledby="{0}-title" font-family="sans-serif" )"
      R"(font-size="14" data-x-scale="{4}" data-y-scale="{5}" data-x-min="{6}" data-x-max="{7}" )"
      R"(data-y-min="{8}" data-y-max="{9}">)",
      escape(id), css_class, width, height, x_scale, y_scale, xs.lo, xs.hi,
      ys.lo, ys.hi);
  append(out, R"(<title id="{}-title">{}</title>)", escape(id), escape(title));
  append(out,
         R"(<rect x="0" y="0" width="{:.0f}" height="{:.0f}" fill="#ffffff"/>)",
         width, height);
  out += text(width / 2, 24, title, "middle",
              R"(font-size="17" font-weight="bold")");
  if (!note.empty()) {
    out +=
        text(width / 2, 44, note, "middle", R"(font-size="13" fill="#444444")");
  }
  return out;
}

std::string frame(double left, double top, double right, double bottom) {
  return fmt::format(
      R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#555555"/>)",
      left, top, right - left, bottom - top);
}

std::string truncate(std::string_view s, std::size_t max_chars) {
  if (s.size() <= max_chars || max_chars < 2) return std::string(s);
  std::size_t cut = max_chars - 1;
  // Never split a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "\u2026";
}

double text_width(std::string_view s, double font_size) {
  // Count code points, not bytes: µ and … are two or three bytes in UTF-8.
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return static_cast<double>(chars) * font_size * 0.58;
}

}  // namespace benchtool::svg
