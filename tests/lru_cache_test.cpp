#include "marketbench/cache/lru_cache.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/core/virtual_clock.hpp"
#include "marketbench/core/zipf.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"

namespace marketbench::cache {
namespace {

using Lru = LruCache<std::uint64_t, std::uint64_t>;

std::vector<std::uint64_t> keys_mru_first(const Lru& cache) {
  std::vector<std::uint64_t> keys;
  cache.for_each(
      [&](std::uint64_t key, std::uint64_t) { keys.push_back(key); });
  return keys;
}

TEST(LruCache, EvictsTheLeastRecentlyUsed) {
  Lru cache(3);
  EXPECT_TRUE(cache.put(1, 10));
  EXPECT_TRUE(cache.put(2, 20));
  EXPECT_TRUE(cache.put(3, 30));
  EXPECT_TRUE(cache.put(4, 40));  // evicts 1
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.get(1), nullptr);
  EXPECT_EQ(keys_mru_first(cache), (std::vector<std::uint64_t>{4, 3, 2}));
  EXPECT_TRUE(cache.put(5, 50));  // evicts 2
  EXPECT_FALSE(cache.contains(2));
  EXPECT_EQ(keys_mru_first(cache), (std::vector<std::uint64_t>{5, 4, 3}));
}

TEST(LruCache, GetRefreshesRecency) {
  Lru cache(3);
  cache.put(1, 10);
  cache.put(2, 20);
  cache.put(3, 30);
  ASSERT_NE(cache.get(1), nullptr);
  EXPECT_EQ(*cache.get(1), 10u);
  cache.put(4, 40);  // 2 is now the least recently used
  EXPECT_TRUE(cache.contains(1));
  EXPECT_FALSE(cache.contains(2));
  EXPECT_EQ(keys_mru_first(cache), (std::vector<std::uint64_t>{4, 1, 3}));
}

TEST(LruCache, PeekChangesNeitherRecencyNorStats) {
  Lru cache(2);
  cache.put(1, 10);
  cache.put(2, 20);
  ASSERT_NE(cache.peek(1), nullptr);
  EXPECT_EQ(*cache.peek(1), 10u);
  cache.put(3, 30);  // 1 was only peeked: still the least recently used
  EXPECT_FALSE(cache.contains(1));
  EXPECT_EQ(cache.stats().lookups(), 0u);
}

TEST(LruCache, PutOfAPresentKeyUpdatesInPlace) {
  Lru cache(2);
  cache.put(1, 10);
  cache.put(2, 20);
  EXPECT_FALSE(cache.put(1, 11));  // update, and 1 becomes most recent
  EXPECT_EQ(*cache.peek(1), 11u);
  cache.put(3, 30);
  EXPECT_FALSE(cache.contains(2));
  EXPECT_EQ(cache.stats().insertions, 3u);
  EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST(LruCache, CapacityOne) {
  Lru cache(1);
  cache.put(7, 70);
  EXPECT_EQ(*cache.get(7), 70u);
  cache.put(8, 80);
  EXPECT_EQ(cache.get(7), nullptr);
  EXPECT_EQ(*cache.get(8), 80u);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.erase(8));
  EXPECT_EQ(cache.size(), 0u);
  cache.put(9, 90);
  EXPECT_EQ(*cache.get(9), 90u);
  const CacheStats& s = cache.stats();
  EXPECT_EQ(s.hits, 3u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.insertions, 3u);
  EXPECT_EQ(s.evictions, 1u);
}

TEST(LruCache, ZeroCapacityIsAnError) {
  try {
    Lru cache(0);
    FAIL() << "capacity 0 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("got 0"), std::string::npos)
        << e.what();
  }
}

TEST(LruCache, StatsCountHitsMissesInsertionsEvictions) {
  Lru cache(2);
  EXPECT_EQ(cache.get(1), nullptr);  // miss
  cache.put(1, 1);
  cache.put(2, 2);
  cache.get(1);      // hit
  cache.get(2);      // hit
  cache.put(3, 3);   // evicts 1
  cache.get(1);      // miss
  cache.put(3, 33);  // update, not an insertion
  const CacheStats s = cache.stats();
  EXPECT_EQ(s, (CacheStats{.hits = 2,
                           .misses = 2,
                           .insertions = 3,
                           .evictions = 1,
                           .expirations = 0}));
  EXPECT_DOUBLE_EQ(s.hit_rate(), 0.5);
  cache.reset_stats();
  EXPECT_EQ(cache.stats(), CacheStats{});
  EXPECT_EQ(cache.size(), 2u);
}

TEST(LruCache, TtlExpiresOnAVirtualClock) {
  core::VirtualClock clock;
  Lru cache(4, TtlPolicy::on(clock, 1000));
  cache.put(1, 10);
  clock.advance(600);
  cache.put(2, 20);
  clock.advance(399);  // t = 999: 1 expires at 1000
  EXPECT_NE(cache.get(1), nullptr);
  clock.advance(1);  // t = 1000
  EXPECT_FALSE(cache.contains(1));
  EXPECT_EQ(cache.get(1), nullptr);
  EXPECT_EQ(cache.size(), 1u);  // the expired entry was dropped by the lookup
  EXPECT_NE(cache.get(2), nullptr);  // expires at 1600
  cache.put(2, 21);                  // a put restarts the TTL: now 2000
  clock.advance(900);                // t = 1900
  EXPECT_EQ(*cache.get(2), 21u);
  clock.advance(100);
  EXPECT_EQ(cache.get(2), nullptr);
  const CacheStats s = cache.stats();
  EXPECT_EQ(s.expirations, 2u);
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.hits, 3u);
  EXPECT_EQ(s.evictions, 0u);
}

TEST(LruCache, AnExpiredTailMakingRoomCountsAsAnExpiration) {
  core::VirtualClock clock;
  Lru cache(2, TtlPolicy::on(clock, 100));
  cache.put(1, 1);
  clock.advance(50);
  cache.put(2, 2);
  clock.advance(60);  // 1 expired, 2 not
  cache.put(3, 3);    // replaces 1: an expiration
  cache.put(4, 4);    // replaces 2, still live: an eviction
  EXPECT_EQ(cache.stats().expirations, 1u);
  EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST(LruCache, BadTtlIsAnError) {
  core::VirtualClock clock;
  EXPECT_THROW(Lru(4, TtlPolicy::on(clock, 0)), std::invalid_argument);
  EXPECT_THROW(Lru(4, TtlPolicy{100, nullptr}), std::invalid_argument);
}

TEST(LruCache, CallableClock) {
  std::int64_t now = 0;
  Lru cache(2, TtlPolicy{10, [&now] { return now; }});
  cache.put(1, 1);
  now = 10;
  EXPECT_EQ(cache.get(1), nullptr);
}

TEST(LruCache, EraseIfAndClear) {
  Lru cache(8);
  for (std::uint64_t k = 0; k < 8; ++k) cache.put(k, k * 10);
  EXPECT_EQ(cache.erase_if(
                [](std::uint64_t key, std::uint64_t) { return key % 2 == 0; }),
            4u);
  EXPECT_EQ(cache.size(), 4u);
  EXPECT_EQ(keys_mru_first(cache), (std::vector<std::uint64_t>{7, 5, 3, 1}));
  for (std::uint64_t k = 100; k < 104; ++k)
    cache.put(k, k);  // refills the freed nodes, no eviction
  EXPECT_EQ(cache.stats().evictions, 0u);
  EXPECT_EQ(cache.size(), 8u);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.contains(7));
  cache.put(1, 1);
  EXPECT_EQ(*cache.get(1), 1u);
}

TEST(LruCache, StringKeys) {
  LruCache<std::string, int> cache(2);
  cache.put("AAPL", 1);
  cache.put("MSFT", 2);
  cache.get("AAPL");
  cache.put("NVDA", 3);
  EXPECT_TRUE(cache.contains("AAPL"));
  EXPECT_FALSE(cache.contains("MSFT"));
}

// Keys collide into 5 hash values: long probe runs that exercise the
// backward-shift deletion.
struct CollidingHash {
  std::size_t operator()(std::uint64_t key) const { return key % 5; }
};

// Differential test against a std::list + std::unordered_map model.
template <typename Hash>
void check_against_model(std::size_t capacity, std::uint64_t key_space,
                         std::uint64_t seed) {
  LruCache<std::uint64_t, std::uint64_t, Hash> cache(capacity);
  std::list<std::pair<std::uint64_t, std::uint64_t>>
      order;  // front = most recent
  std::unordered_map<std::uint64_t, decltype(order)::iterator> where;
  core::Xoshiro256StarStar rng(seed);
  for (int op = 0; op < 30000; ++op) {
    const std::uint64_t key = rng.uniform_below(key_space);
    const std::uint64_t r = rng.uniform_below(10);
    const auto it = where.find(key);
    if (r < 5) {
      const std::uint64_t* got = cache.get(key);
      ASSERT_EQ(got != nullptr, it != where.end())
          << "op " << op << " key " << key;
      if (got != nullptr) {
        ASSERT_EQ(*got, it->second->second);
        order.splice(order.begin(), order, it->second);
      }
    } else if (r < 9) {
      const std::uint64_t value = rng.next_u64();
      ASSERT_EQ(cache.put(key, value), it == where.end());
      if (it != where.end()) {
        it->second->second = value;
        order.splice(order.begin(), order, it->second);
      } else {
        if (order.size() == capacity) {
          where.erase(order.back().first);
          order.pop_back();
        }
        order.emplace_front(key, value);
        where[key] = order.begin();
      }
    } else {
      ASSERT_EQ(cache.erase(key), it != where.end());
      if (it != where.end()) {
        order.erase(it->second);
        where.erase(it);
      }
    }
    ASSERT_EQ(cache.size(), order.size());
  }
  std::vector<std::uint64_t> expected;
  for (const auto& [k, v] : order) expected.push_back(k);
  std::vector<std::uint64_t> actual;
  cache.for_each([&](std::uint64_t k, std::uint64_t) { actual.push_back(k); });
  EXPECT_EQ(actual, expected);
}

TEST(LruCache, MatchesAReferenceModel) {
  check_against_model<std::hash<std::uint64_t>>(16, 64, 1);
}
TEST(LruCache, MatchesAReferenceModelUnderHashCollisions) {
  check_against_model<CollidingHash>(24, 80, 2);
}
TEST(LruCache, MatchesAReferenceModelCapacityOne) {
  check_against_model<std::hash<std::uint64_t>>(1, 4, 3);
}

TEST(LruCache, HitsAndSteadyStatePutsAllocateNothing) {
  if (!metrics::jemalloc_available()) {
    GTEST_SKIP() << "jemalloc counters unavailable: "
                 << metrics::jemalloc_unavailable_reason();
  }
  constexpr std::uint64_t kCapacity = 1000;
  Lru cache(kCapacity);
  for (std::uint64_t k = 0; k < kCapacity; ++k) cache.put(k, k);
  metrics::ThreadAllocations counters;

  auto start = counters.snapshot();
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < 20000; ++i)
    sum += *cache.get((i * 7919) % kCapacity);
  EXPECT_EQ(counters.since(start).allocated, 0u) << "get hits allocated";
  EXPECT_GT(sum, 0u);

  start = counters.snapshot();
  for (std::uint64_t k = kCapacity; k < 20 * kCapacity; ++k)
    cache.put(k, k);  // every put evicts
  EXPECT_EQ(counters.since(start).allocated, 0u) << "put-evict allocated";
  EXPECT_EQ(cache.stats().evictions, 19 * kCapacity);
}

// The Che approximation of an LRU's hit rate under independent requests with
// probabilities p_i: the characteristic time T solves sum_i (1 - exp(-p_i T)) =
// C and hit rate = sum_i p_i (1 - exp(-p_i T)).
double che_hit_rate(std::uint64_t keys, double s, std::uint64_t capacity) {
  std::vector<double> p(keys);
  for (std::uint64_t r = 1; r <= keys; ++r)
    p[r - 1] = core::zipf_probability(keys, s, r);
  const auto occupancy = [&](double t) {
    double sum = 0;
    for (double pi : p) sum += -std::expm1(-pi * t);
    return sum;
  };
  const double c = static_cast<double>(capacity);
  double lo = 0;
  double hi = 1;
  while (occupancy(hi) < c) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (occupancy(mid) < c ? lo : hi) = mid;
  }
  double hit = 0;
  for (double pi : p) hit += pi * -std::expm1(-pi * lo);
  return hit;
}

double simulated_hit_rate(std::uint64_t keys, double s, std::uint64_t capacity,
                          std::uint64_t requests) {
  const core::ZipfSampler zipf(keys, s, 77);
  core::Xoshiro256StarStar rng(78);
  Lru cache(capacity);
  const auto request = [&] {
    const std::uint64_t key = zipf.sample(rng);
    if (cache.get(key) == nullptr) cache.put(key, key);
  };
  for (std::uint64_t i = 0; i < 20 * keys; ++i) request();
  cache.reset_stats();
  for (std::uint64_t i = 0; i < requests; ++i) request();
  return cache.stats().hit_rate();
}

TEST(LruCacheZipf, HitRateMatchesCheApproximation1000Keys) {
  const double che = che_hit_rate(1000, 0.99, 100);
  const double simulated = simulated_hit_rate(1000, 0.99, 100, 1'000'000);
  EXPECT_GT(che, 0.3);
  EXPECT_LT(che, 0.9);
  EXPECT_NEAR(simulated, che, 0.01)
      << "Che " << che << " simulated " << simulated;
}

TEST(LruCacheZipf, HitRateMatchesCheApproximation100Keys) {
  const double che = che_hit_rate(100, 0.99, 20);
  const double simulated = simulated_hit_rate(100, 0.99, 20, 1'000'000);
  EXPECT_NEAR(simulated, che, 0.01)
      << "Che " << che << " simulated " << simulated;
}

TEST(LruCacheZipf, CheApproximationTellsCapacitiesApart) {
  // The tolerance above is meaningful: doubling the cache moves the hit rate by
  // far more than 1 point.
  EXPECT_GT(che_hit_rate(1000, 0.99, 200) - che_hit_rate(1000, 0.99, 100),
            0.05);
}

}  // namespace
}  // namespace marketbench::cache
