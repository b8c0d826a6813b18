#include "marketbench/cache/detail/shard_lock.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

namespace marketbench::cache {
namespace {

TEST(ShardLock, IsFourBytes) { EXPECT_EQ(sizeof(ShardLock), 4u); }

TEST(ShardLock, TryLock) {
  ShardLock lock;
  EXPECT_TRUE(lock.try_lock());
  EXPECT_FALSE(lock.try_lock());
  lock.unlock();
  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
}

// More threads than cores, so waiters go to sleep and get woken: a plain
// counter guarded by the lock must come out exact (and tsan must stay quiet).
TEST(ShardLock, MutualExclusionUnderOversubscription) {
  constexpr int kThreads = 8;
  constexpr int kIncrements = 20000;
  ShardLock lock;
  std::uint64_t counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        std::lock_guard<ShardLock> guard(lock);
        counter = counter + 1;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(counter, std::uint64_t{kThreads} * kIncrements);
}

}  // namespace
}  // namespace marketbench::cache
