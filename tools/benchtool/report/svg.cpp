// Axis scales and the SVG building blocks the chart renderers share.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/chart.hpp"

namespace benchtool {
namespace {

// The 1-2-5 step that divides `span` into about `target` intervals.
double nice_step(double span, int target) {
  const double raw = span / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  double nice = 10;
  if (fraction <= 1) {
    nice = 1;
  } else if (fraction <= 2) {
    nice = 2;
  } else if (fraction <= 5) {
    nice = 5;
  }
  return nice * magnitude;
}

}  // namespace

double Scale::to_pixel(double v, double pixel_lo, double pixel_hi) const {
  double t = 0;
  if (log) {
    t = (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
  } else {
    t = (v - lo) / (hi - lo);
  }
  return pixel_lo + t * (pixel_hi - pixel_lo);
}

Scale linear_scale(double min, double max, bool include_zero,
                   int target_ticks) {
  if (min > max) std::swap(min, max);
  if (include_zero) {
    min = std::min(min, 0.0);
    max = std::max(max, 0.0);
  }
  if (max == min) {
    // A flat series still needs a visible range around its value.
    const double pad = min == 0 ? 1.0 : std::fabs(min) * 0.1;
    max += pad;
    if (!include_zero || min != 0) min -= pad;
  }
  const double step = nice_step(max - min, target_ticks);
  Scale s;
  s.lo = std::floor(min / step) * step;
  s.hi = std::ceil(max / step) * step;
  // floor/ceil of a quotient can land one ulp inside the data.
  if (s.lo > min) s.lo -= step;
  if (s.hi < max) s.hi += step;
  for (double t = s.lo; t <= s.hi + step * 1e-9; t += step) {
    s.ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return s;
}

Scale log_scale(double min, double max) {
  if (min > max) std::swap(min, max);
  // Bounds on the 1-2-5 ladder: 1..256 gets [1, 500] rather than [1, 1000].
  const double kSteps[] = {1, 2, 5};
  auto ladder = [&](int e, int k) { return kSteps[k] * std::pow(10.0, e); };
  const double tol = 1e-9;
  int e = static_cast<int>(std::floor(std::log10(min)));
  int k = 2;
  while (ladder(e, k) > min * (1 + tol)) {
    if (--k < 0) {
      k = 2;
      --e;
    }
  }
  Scale s;
  s.log = true;
  s.lo = ladder(e, k);
  std::vector<double> rungs{s.lo};
  while (rungs.back() < max * (1 - tol) || rungs.size() < 2) {
    if (++k > 2) {
      k = 0;
      ++e;
    }
    rungs.push_back(ladder(e, k));
  }
  s.hi = rungs.back();
  // Every rung when the axis is short, else the powers of ten and the ends.
  const bool fine = s.hi / s.lo <= 1000 * (1 + tol);
  for (std::size_t i = 0; i < rungs.size(); ++i) {
    const double mantissa =
        rungs[i] / std::pow(10.0, std::floor(std::log10(rungs[i]) + tol));
    const bool decade = std::fabs(mantissa - 1) < 1e-6;
    if (fine || decade || i == 0 || i + 1 == rungs.size())
      s.ticks.push_back(rungs[i]);
  }
  return s;
}

Scale make_scale(double min, double max, bool log, bool include_zero) {
  if (log && min > 0 && max > 0) return log_scale(min, max);
  return linear_scale(min, max, include_zero);
}

bool spans_more_than_10x(const std::vector<double>& values) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (v <= 0) return false;  // a log axis cannot show it
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return std::isfinite(lo) && hi > 10 * lo;
}

std::string format_tick(double v) {
  const double a = std::fabs(v);
  auto trim = [](std::string s) {
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s;
  };
  if (a >= 1e9) return trim(fmt::format("{:.2f}", v / 1e9)) + "G";
  if (a >= 1e6) return trim(fmt::format("{:.2f}", v / 1e6)) + "M";
  if (a >= 1e4) return trim(fmt::format("{:.2f}", v / 1e3)) + "k";
  if (a >= 1 || a == 0) return trim(fmt::format("{:.2f}", v));
  return trim(fmt::format("{:.3g}", v));
}

namespace svg {

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
    out += entity ? std::string_view(entity) : std::string_view(&c, 1);
  }
  return out;
}

const char* series_colour(int index) {
  // Okabe-Ito: distinguishable under the common colour-vision deficiencies.
  // Yellow is last: it is the weakest on white.
  static constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73",
                                             "#CC79A7", "#56B4E9", "#D55E00",
                                             "#000000", "#F0E442"};
  return kPalette[index % 8];
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

std::string line(double x1, double y1, double x2, double y2,
                 std::string_view stroke) {
  return fmt::format(
      R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}"/>)",
      x1, y1, x2, y2, stroke);
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

}  // namespace svg
}  // namespace benchtool
