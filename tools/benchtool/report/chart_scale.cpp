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

}  // namespace benchtool
