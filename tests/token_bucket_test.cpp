#include "marketbench/market/token_bucket.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "market_test_support.hpp"
#include "marketbench/core/virtual_clock.hpp"

namespace marketbench::market {
namespace {

using testing::throws_with;

// Sends n back-to-back requests (no latency) and returns the virtual seconds.
double seconds_for(TokenBucket& bucket, int n) {
  core::VirtualClock clock;
  for (int i = 0; i < n; ++i) clock.advance_to(bucket.acquire(clock.now_ns()));
  return clock.now_seconds();
}

TEST(TokenBucket, BurstIsFreeThenNRequestsTakeNOverRSeconds) {
  for (double rate : {1.0, 3.0, 20.0, 250.0}) {
    for (double burst : {1.0, 5.0, 20.0}) {
      TokenBucket bucket(rate, burst);
      const int b = static_cast<int>(burst);
      EXPECT_EQ(seconds_for(bucket, b), 0.0) << rate << " " << burst;
      bucket.reset();
      const int n = 1000;
      EXPECT_NEAR(seconds_for(bucket, b + n), n / rate, 1e-6 * n / rate)
          << rate << " " << burst;
    }
  }
}

TEST(TokenBucket, IdleTimeRefillsButNeverBeyondTheBurst) {
  TokenBucket bucket(10.0, 4.0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(bucket.acquire(0), 0);
  EXPECT_EQ(bucket.acquire(0), 100'000'000);  // 1/10 s for the fifth
  // An hour of idling refills 4 tokens, not 36000.
  const std::int64_t later = 3600LL * 1'000'000'000;
  for (int i = 0; i < 4; ++i) EXPECT_EQ(bucket.acquire(later), later);
  EXPECT_EQ(bucket.acquire(later), later + 100'000'000);
}

TEST(TokenBucket, RejectsNonPositiveRateAndSmallBurst) {
  EXPECT_TRUE(
      throws_with<std::invalid_argument>([] { TokenBucket(0.0, 1); }, "got 0"));
  EXPECT_TRUE(throws_with<std::invalid_argument>([] { TokenBucket(-2.5, 1); },
                                                 "got -2.5"));
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [] { TokenBucket(std::numeric_limits<double>::quiet_NaN(), 1); },
      "got nan"));
  EXPECT_TRUE(throws_with<std::invalid_argument>([] { TokenBucket(1, 0.5); },
                                                 "got 0.5"));
}

}  // namespace
}  // namespace marketbench::market
