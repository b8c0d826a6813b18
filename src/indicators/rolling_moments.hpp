#pragma once

// Mean and variance over a sliding window in O(1) per step (internal header).

#include <algorithm>
#include <cstddef>

namespace marketbench::indicators::detail {

// Welford's update while the window fills, then the add-one/drop-one form of
// it. Unlike a running sum of squares, it does not cancel catastrophically at
// high price levels. A window of identical values reports exactly zero
// variance, which the update alone leaves as a rounding residue of earlier,
// larger values (the case that makes flat stretches look volatile).
class RollingMoments {
 public:
  explicit RollingMoments(std::size_t window) : window_(window) {}

  // Adds x while fewer than `window` values are in.
  void add(double x) {
    ++count_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (x - mean_);
    note(x);
  }

  // Slides a full window: drops `oldest`, adds x.
  void replace(double oldest, double x) {
    const double delta = x - oldest;
    const double mean = mean_ + delta / static_cast<double>(window_);
    m2_ = std::max(0.0, m2_ + delta * (x - mean + oldest - mean_));
    mean_ = mean;
    note(x);
  }

  double mean() const { return mean_; }
  // Sum of squared deviations from the mean.
  double m2() const { return m2_; }

 private:
  void note(double x) {
    run_ = (run_ > 0 && x == last_) ? run_ + 1 : 1;
    last_ = x;
    if (run_ >= window_) {
      mean_ = x;
      m2_ = 0;
    }
  }

  std::size_t window_;
  std::size_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double last_ = 0;
  std::size_t run_ = 0;
};

}  // namespace marketbench::indicators::detail
