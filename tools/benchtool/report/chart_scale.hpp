#pragma once
// Axis scales for the SVG charts: a data range widened to "nice" bounds, the
// tick values inside it, and the mapping from data to pixels.

#include <string>
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
  bool contains(double v) const { return v >= lo && v <= hi; }
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

}  // namespace benchtool
