#pragma once
// Summary statistics over repetition samples, with Google Benchmark's
// definitions: sample standard deviation (n - 1) and cv = stddev / mean (both 0
// for a single sample).

#include <cstddef>
#include <span>

namespace benchtool {

struct Summary {
  std::size_t n = 0;
  double median = 0;
  double mean = 0;
  double stddev = 0;
  double cv = 0;
  double min = 0;
  double max = 0;
};

// Throws std::invalid_argument for an empty span.
Summary summarize(std::span<const double> values);
double median(std::span<const double> values);

// (new - old) / |old|; when old is 0: (new - old) / ((old + new) / 2); both 0:
// 0. The formula of Google Benchmark's compare.py.
double relative_change(double old_value, double new_value);

// The p-quantile of the standard normal distribution, 0 < p < 1 (Acklam's
// rational approximation refined by one Halley step: ~1e-15 relative error).
double normal_quantile(double p);

// The p-quantile of Student's t distribution with `df` >= 1 degrees of freedom:
// exact for 1 and 2, else the Cornish-Fisher expansion of Abramowitz & Stegun
// 26.7.5 (within 0.01 from df = 5 on, within 1e-4 from df = 10 on).
double student_t_quantile(double p, double df);

}  // namespace benchtool
