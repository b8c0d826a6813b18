#include "marketbench/metrics/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace marketbench::metrics {

LatencyHistogram::LatencyHistogram()
    : counts_(bucket_index(kMaxValueNs) + 1, 0) {}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  clamped_ += other.clamped_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
}

void LatencyHistogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = sum_ = max_ = clamped_ = 0;
  min_ = UINT64_MAX;
}

std::uint64_t LatencyHistogram::bucket_value(std::size_t index) {
  if (index < kSubBuckets) return index;
  const std::size_t offset = index - kSubBuckets;
  const int shift = static_cast<int>(offset / kHalf) + 1;
  const std::uint64_t sub = kHalf + offset % kHalf;
  const std::uint64_t low = sub << shift;
  const std::uint64_t width = std::uint64_t{1} << shift;
  return low + (width - 1) / 2;
}

std::uint64_t LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank =
      static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      // Never report outside the observed range.
      return std::clamp(bucket_value(i), min(), max_);
    }
  }
  return max_;
}

double LatencyHistogram::mean() const {
  return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0;
}

}  // namespace marketbench::metrics
