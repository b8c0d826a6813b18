#include "marketbench/cache/detail/hit_counters.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace marketbench::cache::detail {
namespace {

TEST(HitCounters, CountsAndResets) {
  HitCounters counters;
  counters.count(true);
  counters.count(true);
  counters.count(false);
  EXPECT_EQ(counters.hits(), 2u);
  EXPECT_EQ(counters.misses(), 1u);
  counters.reset();
  EXPECT_EQ(counters.hits(), 0u);
  EXPECT_EQ(counters.misses(), 0u);
}

// More live threads than stripes: the extra ones share the overflow stripe
// with atomic adds. Totals stay exact. Run under the tsan preset too.
TEST(HitCounters, ConcurrentCountsAreExact) {
  constexpr int kThreads = static_cast<int>(kMaxStripes) + 8;
  constexpr int kPerThread = 5000;
  HitCounters counters;
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int i = 0; i < kPerThread; ++i) counters.count((i + t) % 3 != 0);
    });
  }
  for (auto& th : threads) th.join();
  std::uint64_t hits = 0;
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kPerThread; ++i) hits += (i + t) % 3 != 0;
  EXPECT_EQ(counters.hits(), hits);
  EXPECT_EQ(counters.hits() + counters.misses(),
            static_cast<std::uint64_t>(kThreads) * kPerThread);
}

// A stripe is released when its thread exits, so threads that come and go
// (one at a time) each get one to themselves.
TEST(HitCounters, ThreadsReleaseTheirStripeOnExit) {
  this_thread_stripe();  // this thread holds one throughout
  for (int round = 0; round < 3 * static_cast<int>(kMaxStripes); ++round) {
    StripeClaim claim;
    std::thread([&] { claim = this_thread_stripe(); }).join();
    ASSERT_TRUE(claim.exclusive) << "round " << round;
    ASSERT_LT(claim.index, kMaxStripes);
  }
}

// Live threads beyond kMaxStripes share the overflow stripe.
TEST(HitCounters, ConcurrentThreadsBeyondTheStripesShareTheOverflowStripe) {
  const StripeClaim mine = this_thread_stripe();
  const int kThreads = static_cast<int>(kMaxStripes) + 2;
  std::vector<StripeClaim> claims(static_cast<std::size_t>(kThreads));
  std::atomic<int> claimed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      claims[static_cast<std::size_t>(t)] = this_thread_stripe();
      claimed.fetch_add(1);
      while (claimed.load() < kThreads) std::this_thread::yield();
    });
  }
  for (auto& th : threads) th.join();
  std::vector<int> owners(kMaxStripes, 0);
  if (mine.exclusive) ++owners[mine.index];
  int shared = 0;
  for (const StripeClaim& c : claims) {
    if (c.exclusive) {
      ASSERT_LT(c.index, kMaxStripes);
      ++owners[c.index];
    } else {
      EXPECT_EQ(c.index, kMaxStripes);
      ++shared;
    }
  }
  for (int n : owners) EXPECT_LE(n, 1);  // no stripe has two owners
  EXPECT_GE(shared, 2);
}

}  // namespace
}  // namespace marketbench::cache::detail
