#include "stats/effect.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>

#include "stats/mann_whitney.hpp"
#include "stats/stats.hpp"

namespace benchtool {
namespace {

bool all_positive(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(),
                     [](double v) { return v > 0; });
}

// The values on the scale the shift is measured on: logs when every value of
// both samples is positive, else values / |median(base)| (nullopt when that
// median is 0).
struct Scaled {
  std::vector<double> base, next;
  bool log = true;
};

std::optional<Scaled> scale(std::span<const double> base,
                            std::span<const double> next) {
  Scaled s;
  s.log = all_positive(base) && all_positive(next);
  const double divisor = s.log ? 1.0 : std::fabs(median(base));
  if (!s.log && divisor == 0) return std::nullopt;
  auto convert = [&](std::span<const double> in, std::vector<double>& out) {
    out.reserve(in.size());
    for (const double v : in) out.push_back(s.log ? std::log(v) : v / divisor);
  };
  convert(base, s.base);
  convert(next, s.next);
  return s;
}

double to_relative(double difference, bool log) {
  return log ? std::expm1(difference) : difference;
}

double sum_of_squares(const std::vector<double>& v) {
  double mean = 0;
  for (const double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double squares = 0;
  for (const double x : v) squares += (x - mean) * (x - mean);
  return squares;
}

}  // namespace

std::vector<double> run_medians(std::span<const double> values,
                                std::span<const std::int64_t> runs) {
  std::map<std::int64_t, std::vector<double>> by_run;
  std::vector<std::int64_t> order;
  for (std::size_t i = 0; i < values.size() && i < runs.size(); ++i) {
    auto [it, inserted] = by_run.try_emplace(runs[i]);
    if (inserted) order.push_back(runs[i]);
    it->second.push_back(values[i]);
  }
  std::vector<double> medians;
  medians.reserve(order.size());
  for (const std::int64_t run : order) medians.push_back(median(by_run[run]));
  return medians;
}

std::optional<Shift> relative_shift(std::span<const double> base,
                                    std::span<const double> next,
                                    double alpha) {
  if (base.empty() || next.empty()) return std::nullopt;
  const auto s = scale(base, next);
  if (!s) {
    // A zero base median: only "no change at all" has a relative size.
    const bool same = std::all_of(next.begin(), next.end(),
                                  [&](double v) { return v == base[0]; }) &&
                      std::all_of(base.begin(), base.end(),
                                  [&](double v) { return v == base[0]; });
    if (!same) return std::nullopt;
    return Shift{0, 0.0, 0.0};
  }
  std::vector<double> d;
  d.reserve(s->base.size() * s->next.size());
  for (const double x : s->base) {
    for (const double y : s->next) d.push_back(y - x);
  }
  std::sort(d.begin(), d.end());
  Shift shift;
  shift.estimate = to_relative(median(d), s->log);
  const std::size_t trim =
      shift_interval_trim(s->base.size(), s->next.size(), alpha);
  if (trim > 0) {
    shift.low = to_relative(d[trim - 1], s->log);
    shift.high = to_relative(d[d.size() - trim], s->log);
  }
  return shift;
}

std::optional<double> relative_spread(std::span<const double> base,
                                      std::span<const double> next) {
  if (base.empty() || next.empty() || base.size() + next.size() < 3)
    return std::nullopt;
  const auto s = scale(base, next);
  if (!s) return std::nullopt;
  const double squares = sum_of_squares(s->base) + sum_of_squares(s->next);
  return std::sqrt(squares /
                   static_cast<double>(base.size() + next.size() - 2));
}

double minimal_detectable_effect(std::size_t m, std::size_t n, double spread,
                                 double alpha, double power) {
  if (m == 0 || n == 0 || min_attainable_p_value(m, n) >= alpha)
    return std::numeric_limits<double>::infinity();
  // Student's t at m + n - 2 degrees of freedom (the spread is estimated from
  // the same runs), and the U test's efficiency relative to the t test under
  // normal noise, 3 / pi.
  const double df = static_cast<double>(m + n) - 2;
  const double z =
      df >= 1 ? student_t_quantile(1 - alpha / 2, df) +
                    student_t_quantile(power, df)
              : normal_quantile(1 - alpha / 2) + normal_quantile(power);
  const double se =
      spread *
      std::sqrt(1.0 / static_cast<double>(m) + 1.0 / static_cast<double>(n)) *
      std::sqrt(std::numbers::pi / 3);
  return std::expm1(z * se);
}

}  // namespace benchtool
