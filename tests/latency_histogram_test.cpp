#include "marketbench/metrics/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "marketbench/core/random.hpp"

namespace marketbench::metrics {
namespace {

std::uint64_t exact_percentile(std::vector<std::uint64_t> v, double q) {
  std::sort(v.begin(), v.end());
  auto rank =
      static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  rank = std::clamp<std::size_t>(rank, 1, v.size());
  return v[rank - 1];
}

TEST(LatencyHistogram, PercentilesWithinATenthOfAPercent) {
  core::Xoshiro256StarStar rng(1);
  LatencyHistogram h;
  std::vector<std::uint64_t> samples;
  for (int i = 0; i < 200000; ++i) {
    // Log-uniform over 1 ns .. ~10 s: exercises every magnitude.
    const auto ns =
        static_cast<std::uint64_t>(std::exp(rng.uniform01() * 23.0));
    samples.push_back(ns);
    h.record(ns);
  }
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    const double exact = static_cast<double>(exact_percentile(samples, q));
    const double got = static_cast<double>(h.percentile(q));
    EXPECT_LE(std::abs(got - exact), 0.001 * exact + 0.5) << "q=" << q;
  }
  EXPECT_EQ(h.count(), samples.size());
  EXPECT_EQ(h.max(), *std::max_element(samples.begin(), samples.end()));
}

TEST(LatencyHistogram, MergeEqualsRecordingEverythingInOne) {
  LatencyHistogram a, b, all;
  for (std::uint64_t v = 1; v < 100000; v += 7) {
    (v % 2 ? a : b).record(v * 13);
    all.record(v * 13);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  for (double q : {0.5, 0.95, 0.99})
    EXPECT_EQ(a.percentile(q), all.percentile(q));
  EXPECT_DOUBLE_EQ(a.mean(), all.mean());
  EXPECT_EQ(a.max(), all.max());
}

TEST(LatencyHistogram, SmallValuesAreExactAndEmptyIsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile(0.5), 0u);
  EXPECT_EQ(h.mean(), 0.0);
  for (std::uint64_t v = 1; v <= 100; ++v) h.record(v);
  EXPECT_EQ(h.percentile(0.5), 50u);
  EXPECT_EQ(h.percentile(0.95), 95u);
  EXPECT_DOUBLE_EQ(h.mean(), 50.5);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
}

TEST(LatencyHistogram, ClampsAboveOneHour) {
  LatencyHistogram h;
  h.record(LatencyHistogram::kMaxValueNs * 10);
  EXPECT_EQ(h.clamped(), 1u);
  EXPECT_EQ(h.max(), LatencyHistogram::kMaxValueNs);
}

TEST(LatencyHistogram, BucketIndexIsMonotonic) {
  std::size_t previous = 0;
  for (std::uint64_t v = 1; v < (1ULL << 40); v = v * 3 / 2 + 1) {
    const auto index = LatencyHistogram::bucket_index(v);
    EXPECT_GE(index, previous);
    previous = index;
    const auto rep = LatencyHistogram::bucket_value(index);
    EXPECT_LE(std::abs(static_cast<double>(rep) - static_cast<double>(v)),
              0.001 * static_cast<double>(v) + 0.5);
  }
}

}  // namespace
}  // namespace marketbench::metrics
