#include "metric_direction.hpp"

#include <gtest/gtest.h>

namespace benchtool {
namespace {

TEST(MetricDirection, LowerIsBetter) {
  for (const char* m :
       {"real_time", "cpu_time", "latency_p95_ns", "bytes_per_inference",
        "peak_bytes", "error_rate", "stage_fetch_seconds", "remapped_fraction",
        "load_imbalance", "ns_per_lookup"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kLowerIsBetter) << m;
  }
}

TEST(MetricDirection, HigherIsBetter) {
  for (const char* m :
       {"samples_per_second", "items_per_second", "bytes_per_second",
        "hit_rate", "l1_hit_rate", "gflops", "cache_fraction"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kHigherIsBetter) << m;
  }
}

TEST(MetricDirection, UnknownCountersHaveNoDirection) {
  for (const char* m :
       {"evictions", "allocs_per_iter", "ratio", "iterations"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kUnknown) << m;
  }
}

TEST(MetricDirection, ParsesAndPrints) {
  EXPECT_EQ(parse_direction("lower"), Direction::kLowerIsBetter);
  EXPECT_EQ(parse_direction("higher"), Direction::kHigherIsBetter);
  EXPECT_FALSE(parse_direction("up"));
  EXPECT_EQ(to_string(Direction::kHigherIsBetter), "higher");
}

}  // namespace
}  // namespace benchtool
