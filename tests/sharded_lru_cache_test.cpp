#include "marketbench/cache/sharded_lru_cache.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "marketbench/cache/lru_cache.hpp"
#include "marketbench/core/random.hpp"
#include "marketbench/core/virtual_clock.hpp"
#include "marketbench/core/zipf.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"

namespace marketbench::cache {
namespace {

using Sharded = ShardedLruCache<std::uint64_t, std::uint64_t>;
using ShardedStrings = ShardedLruCache<std::uint64_t, std::string>;

static_assert(Sharded::kLockFreeGet);
static_assert(!ShardedStrings::kLockFreeGet);
// Padding bytes: keys could not be compared by their bytes, so locked shards.
struct PaddedKey {
  std::uint8_t a;
  std::uint64_t b;
  friend bool operator==(const PaddedKey&, const PaddedKey&) = default;
};
struct PaddedKeyHash {
  std::size_t operator()(const PaddedKey& k) const { return k.a ^ k.b; }
};
static_assert(
    !ShardedLruCache<PaddedKey, std::uint64_t, PaddedKeyHash>::kLockFreeGet);

TEST(ShardedLruCache, GetPutErase) {
  Sharded cache(64, 4);
  EXPECT_EQ(cache.shard_count(), 4u);
  EXPECT_EQ(cache.capacity(), 64u);
  EXPECT_FALSE(cache.get(1).has_value());
  EXPECT_TRUE(cache.put(1, 10));
  EXPECT_FALSE(cache.put(1, 11));
  EXPECT_EQ(cache.get(1), 11u);
  std::uint64_t out = 0;
  EXPECT_TRUE(cache.get(1, out));
  EXPECT_EQ(out, 11u);
  EXPECT_TRUE(cache.erase(1));
  EXPECT_FALSE(cache.erase(1));
  EXPECT_EQ(cache.size(), 0u);
  const CacheStats s = cache.stats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.insertions, 1u);
}

TEST(ShardedLruCache, SpreadsKeysOverAllShards) {
  Sharded cache(1024, 16);
  std::array<int, 16> per_shard{};
  for (std::uint64_t k = 0; k < 16000; ++k) ++per_shard[cache.shard_of(k)];
  for (int n : per_shard) {
    EXPECT_GT(n, 800);  // 1000 expected
    EXPECT_LT(n, 1200);
  }
}

TEST(ShardedLruCache, CapacityIsSpreadExactly) {
  Sharded cache(10, 4);  // shards of 3, 3, 2, 2
  for (std::uint64_t k = 0; k < 1000; ++k) cache.put(k, k);
  EXPECT_EQ(cache.size(), 10u);
  const CacheStats s = cache.stats();
  EXPECT_EQ(s.insertions, 1000u);
  EXPECT_EQ(s.evictions, 990u);
}

TEST(ShardedLruCache, BadShardingIsAnError) {
  try {
    Sharded cache(64, 3);
    FAIL() << "3 shards accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("got 3"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(Sharded(64, 0), std::invalid_argument);
  EXPECT_THROW(Sharded(8, 16), std::invalid_argument);
  EXPECT_NO_THROW(Sharded(1, 1));
}

TEST(ShardedLruCache, EraseIfClearAndResetStats) {
  Sharded cache(256, 8);
  for (std::uint64_t k = 0; k < 100; ++k) cache.put(k, k);
  EXPECT_EQ(
      cache.erase_if([](std::uint64_t key, std::uint64_t) { return key < 30; }),
      30u);
  EXPECT_EQ(cache.size(), 70u);
  EXPECT_FALSE(cache.get(5).has_value());
  EXPECT_TRUE(cache.get(50).has_value());
  cache.reset_stats();
  EXPECT_EQ(cache.stats(), CacheStats{});
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ShardedLruCache, Ttl) {
  core::VirtualClock clock;
  Sharded cache(16, 4, TtlPolicy::on(clock, 100));
  cache.put(1, 1);
  clock.advance(100);
  EXPECT_FALSE(cache.get(1).has_value());
  EXPECT_EQ(cache.stats().expirations, 1u);
}

TEST(ShardedLruCache, HitsAndSteadyStatePutsAllocateNothing) {
  if (!metrics::jemalloc_available()) {
    GTEST_SKIP() << "jemalloc counters unavailable: "
                 << metrics::jemalloc_unavailable_reason();
  }
  Sharded cache(1024, 16);
  for (std::uint64_t k = 0; k < 4096; ++k) cache.put(k, k);  // every shard full
  metrics::ThreadAllocations counters;
  const auto start = counters.snapshot();
  std::uint64_t hits = 0;
  for (std::uint64_t k = 4096; k < 40000; ++k) {
    cache.put(k, k);
    hits += cache.get(k).has_value();
  }
  EXPECT_EQ(counters.since(start).allocated, 0u);
  EXPECT_EQ(hits, 40000u - 4096u);
}

// Many threads get / put / erase overlapping Zipf keys on a small cache (lots
// of evictions). Every outcome a thread sees is counted locally; the cache's
// aggregated stats must match the sum exactly, and a hit must return the value
// that every writer stores for that key. Run under the tsan preset too.
TEST(ShardedLruCache, ConcurrentAccessKeepsExactAccounting) {
  constexpr int kThreads = 4;
  constexpr int kOpsPerThread = 40000;
  constexpr std::uint64_t kKeys = 2000;
  Sharded cache(256, 8);
  const core::ZipfSampler zipf(kKeys, 0.99, 5);
  struct Local {
    std::uint64_t hits = 0, misses = 0, inserted = 0, erased = 0,
                  wrong_values = 0;
  };
  std::vector<Local> locals(kThreads);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      core::Xoshiro256StarStar rng(100 + static_cast<std::uint64_t>(t));
      Local& local = locals[static_cast<std::size_t>(t)];
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (int i = 0; i < kOpsPerThread; ++i) {
        const std::uint64_t key = zipf.sample(rng);
        const std::uint64_t r = rng.uniform_below(100);
        if (r < 70) {
          const auto value = cache.get(key);
          if (value) {
            ++local.hits;
            local.wrong_values += *value != key * 3 + 1;
          } else {
            ++local.misses;
          }
        } else if (r < 97) {
          local.inserted += cache.put(key, key * 3 + 1);
        } else {
          local.erased += cache.erase(key);
        }
      }
    });
  }
  go.store(true, std::memory_order_release);
  for (auto& th : threads) th.join();

  Local total;
  for (const Local& l : locals) {
    total.hits += l.hits;
    total.misses += l.misses;
    total.inserted += l.inserted;
    total.erased += l.erased;
    total.wrong_values += l.wrong_values;
  }
  const CacheStats s = cache.stats();
  EXPECT_EQ(total.wrong_values, 0u);
  EXPECT_EQ(s.hits, total.hits);
  EXPECT_EQ(s.misses, total.misses);
  EXPECT_EQ(s.insertions, total.inserted);
  EXPECT_EQ(s.expirations, 0u);
  EXPECT_EQ(cache.size(), s.insertions - s.evictions - total.erased);
  EXPECT_LE(cache.size(), cache.capacity());
  EXPECT_GT(s.hits, 0u);
  EXPECT_GT(s.evictions, 0u);
}

// Concurrent erase_if / clear against a reader-writer: no race, the size stays
// within capacity, and every value read is the one written for its key.
TEST(ShardedLruCache, ConcurrentInvalidation) {
  Sharded cache(128, 4);
  std::atomic<bool> writer_done{false};
  std::atomic<std::uint64_t> wrong_values{0};
  std::thread writer([&] {
    core::Xoshiro256StarStar rng(9);
    for (int i = 0; i < 20000; ++i) {
      cache.put(rng.uniform_below(500), i % 2 == 0 ? 0 : 1);
      const auto value = cache.get(rng.uniform_below(500));
      if (value && *value > 1) wrong_values.fetch_add(1);
    }
    writer_done.store(true);
  });
  for (std::uint64_t round = 0; round < 200 || !writer_done.load(); ++round) {
    cache.erase_if([round](std::uint64_t key, std::uint64_t) {
      return key % 7 == round % 7;
    });
    if (round % 50 == 0) cache.clear();
    ASSERT_LE(cache.size(), 128u);
  }
  writer.join();
  EXPECT_EQ(wrong_values.load(), 0u);
  for (std::uint64_t key = 0; key < 500; ++key) cache.put(key, 1);
  const std::size_t erased = cache.erase_if(
      [](std::uint64_t key, std::uint64_t) { return key % 2 == 0; });
  EXPECT_GT(erased, 0u);
  EXPECT_EQ(cache.size(), 128u - erased);
  for (std::uint64_t key = 0; key < 500; key += 2)
    EXPECT_FALSE(cache.get(key).has_value());
}

// Values that cannot be copied optimistically use locked exact-LRU shards,
// with the same interface and accounting.
TEST(ShardedLruCache, NonTrivialValuesUseLockedLruShards) {
  ShardedStrings cache(2, 1);
  EXPECT_TRUE(cache.put(1, "one"));
  EXPECT_TRUE(cache.put(2, "two"));
  EXPECT_EQ(cache.get(1), "one");  // 1 is now the most recently used
  EXPECT_TRUE(cache.put(3, "three"));
  EXPECT_FALSE(cache.get(2).has_value());  // exact LRU evicted 2
  std::string out;
  EXPECT_TRUE(cache.get(3, out));
  EXPECT_EQ(out, "three");
  const CacheStats s = cache.stats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.insertions, 3u);
  EXPECT_EQ(s.evictions, 1u);
  EXPECT_EQ(cache.erase_if([](std::uint64_t, const std::string& v) {
    return v.size() > 3;
  }),
            1u);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ShardedLruCache, ConcurrentAccessWithLockedShards) {
  ShardedStrings cache(64, 4);
  std::atomic<std::uint64_t> wrong{0}, hits{0}, misses{0};
  std::vector<std::thread> threads;
  for (std::uint64_t t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      core::Xoshiro256StarStar rng(40 + t);
      for (int i = 0; i < 20000; ++i) {
        const std::uint64_t key = rng.uniform_below(200);
        if (rng.uniform_below(4) == 0) {
          cache.put(key, std::to_string(key));
        } else if (auto v = cache.get(key)) {
          hits.fetch_add(1);
          if (*v != std::to_string(key)) wrong.fetch_add(1);
        } else {
          misses.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_EQ(cache.stats().hits, hits.load());
  EXPECT_EQ(cache.stats().misses, misses.load());
  EXPECT_LE(cache.size(), 64u);
}

// CLOCK approximates LRU: on the same Zipf(0.99) trace, a one-shard CLOCK
// cache's hit rate is no more than 2 points below an exact LruCache's. Its
// look-ahead (a referenced entry it passes loses its bit only on the second
// pass) leans towards frequency, which on a skewed load does better than LRU:
// +2.2 points on both caches here (0.590 against 0.568, 0.585 against 0.563).
// More than 4 would be a sign that it no longer evicts what it should either
// (the first look-ahead, which never cleared a passed bit, gave +4.2).
TEST(ShardedLruCache, ClockHitRateTracksExactLru) {
  for (const auto& [keys, capacity] :
       {std::pair<std::uint64_t, std::size_t>{1000, 100}, {100, 20}}) {
    const core::ZipfSampler zipf(keys, 0.99, 7);
    core::Xoshiro256StarStar rng(8);
    Sharded clock(capacity, 1);
    LruCache<std::uint64_t, std::uint64_t> lru(capacity);
    std::uint64_t clock_hits = 0, lru_hits = 0, requests = 0;
    for (int i = 0; i < 400000; ++i) {
      const std::uint64_t key = zipf.sample(rng);
      const bool measured = i >= 40000;  // after a warm-up
      std::uint64_t out = 0;
      if (clock.get(key, out)) {
        clock_hits += measured;
      } else {
        clock.put(key, key);
      }
      if (lru.get(key) != nullptr) {
        lru_hits += measured;
      } else {
        lru.put(key, key);
      }
      requests += measured;
    }
    const double clock_rate = static_cast<double>(clock_hits) / requests;
    const double lru_rate = static_cast<double>(lru_hits) / requests;
    EXPECT_GE(clock_rate, lru_rate - 0.02)
        << keys << " keys, capacity " << capacity;
    EXPECT_LE(clock_rate, lru_rate + 0.04)
        << keys << " keys, capacity " << capacity << ": " << clock_rate
        << " against " << lru_rate;
  }
}

}  // namespace
}  // namespace marketbench::cache
