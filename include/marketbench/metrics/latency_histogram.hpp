#pragma once

#include <cstdint>
#include <vector>

namespace marketbench::metrics {

// Log-linear histogram of durations in nanoseconds, 1 ns .. 1 hour, with 3
// significant digits: values below 2048 are exact, larger ones fall in buckets
// 1/1024 of their magnitude wide, so a reported percentile is within 0.05% of
// the recorded sample it stands for. record() is O(1) and allocation-free;
// histograms merge exactly, so percentiles across threads come from one
// distribution. Values above 1 hour are clamped (and counted).
class LatencyHistogram {
 public:
  static constexpr std::uint64_t kMaxValueNs = 3'600'000'000'000ULL;

  LatencyHistogram();

  void record(std::uint64_t ns) {
    if (ns > kMaxValueNs) {
      ns = kMaxValueNs;
      ++clamped_;
    }
    ++counts_[bucket_index(ns)];
    ++count_;
    sum_ += ns;
    if (ns > max_) max_ = ns;
    if (ns < min_) min_ = ns;
  }
  void merge(const LatencyHistogram& other);
  void reset();

  // Nearest-rank percentile for q in [0, 1] (0.95 is p95); 0 when empty.
  std::uint64_t percentile(double q) const;
  double mean() const;
  std::uint64_t max() const { return max_; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  std::uint64_t count() const { return count_; }
  std::uint64_t clamped() const { return clamped_; }

  static std::size_t bucket_index(std::uint64_t ns) {
    if (ns < kSubBuckets) return static_cast<std::size_t>(ns);
    const int magnitude = 63 - __builtin_clzll(ns);  // >= kSubBits
    const int shift = magnitude - (kSubBits - 1);
    const std::uint64_t sub = ns >> shift;  // in [kHalf, kSubBuckets)
    return kSubBuckets + static_cast<std::size_t>(shift - 1) * kHalf +
           static_cast<std::size_t>(sub - kHalf);
  }
  // The representative (midpoint) value of a bucket.
  static std::uint64_t bucket_value(std::size_t index);

 private:
  static constexpr int kSubBits = 11;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBits;
  static constexpr std::uint64_t kHalf = kSubBuckets / 2;

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t clamped_ = 0;
};

}  // namespace marketbench::metrics
