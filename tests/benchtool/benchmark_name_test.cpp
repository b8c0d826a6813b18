#include "io/benchmark_name.hpp"

#include <gtest/gtest.h>

namespace benchtool {
namespace {

TEST(BenchmarkName, NamedArguments) {
  const auto n =
      parse_benchmark_name("BM_InferenceCacheHitRate/keys:1000/capacity_pct:5");
  EXPECT_EQ(n.family, "BM_InferenceCacheHitRate");
  ASSERT_EQ(n.args.size(), 2u);
  EXPECT_EQ(n.args[0].first, "keys");
  EXPECT_EQ(n.args[0].second, "1000");
  EXPECT_EQ(numeric_arg(n, "capacity_pct"), 5.0);
  EXPECT_TRUE(n.flags.empty());
}

TEST(BenchmarkName, ThreadsAndRealTimeFlag) {
  const auto n = parse_benchmark_name(
      "BM_ConcurrentModelInference/models:5/real_time/threads:2");
  EXPECT_EQ(n.family, "BM_ConcurrentModelInference");
  EXPECT_EQ(numeric_arg(n, "models"), 5.0);
  EXPECT_EQ(numeric_arg(n, "threads"), 2.0);
  ASSERT_EQ(n.flags.size(), 1u);
  EXPECT_EQ(n.flags[0], "real_time");
  // Suffix order as some versions write it.
  const auto m =
      parse_benchmark_name("BM_PlatformMixedLoad/threads:8/real_time");
  EXPECT_EQ(numeric_arg(m, "threads"), 8.0);
  EXPECT_EQ(m.flags, std::vector<std::string>{"real_time"});
}

TEST(BenchmarkName, UnnamedArgumentsByPosition) {
  const auto n = parse_benchmark_name("BM_memcpy/64/8");
  EXPECT_EQ(numeric_arg(n, "arg1"), 64.0);
  EXPECT_EQ(numeric_arg(n, "arg2"), 8.0);
}

TEST(BenchmarkName, NonNumericValuesAreNotNumbers) {
  const auto n =
      parse_benchmark_name("BM_CacheCluster/workers:3/routing:consistent_hash");
  EXPECT_EQ(arg_value(n, "routing"), "consistent_hash");
  EXPECT_FALSE(numeric_arg(n, "routing").has_value());
  EXPECT_FALSE(numeric_arg(n, "missing").has_value());
}

TEST(BenchmarkName, PlainName) {
  const auto n = parse_benchmark_name("BM_FmaPeak");
  EXPECT_EQ(n.family, "BM_FmaPeak");
  EXPECT_TRUE(n.args.empty());
}

}  // namespace
}  // namespace benchtool
