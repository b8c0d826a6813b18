#include "marketbench/cache/detail/clock_shard.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/core/virtual_clock.hpp"

namespace marketbench::cache::detail {
namespace {

using Shard = ClockShard<std::uint64_t, std::uint64_t>;

// Two threads meet here once per round.
class SpinBarrier {
 public:
  void wait() {
    const int generation = generation_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) == 1) {
      arrived_.store(0, std::memory_order_relaxed);
      generation_.store(generation + 1, std::memory_order_release);
    } else {
      while (generation_.load(std::memory_order_acquire) == generation)
        cpu_relax();
    }
  }

 private:
  std::atomic<int> arrived_{0};
  std::atomic<int> generation_{0};
};

void spin(std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) cpu_relax();
}

std::uint64_t hash(std::uint64_t key) { return core::mix64(key); }

std::optional<std::uint64_t> get(Shard& shard, std::uint64_t key) {
  std::uint64_t out = 0;
  if (!shard.get(key, hash(key), out)) return std::nullopt;
  return out;
}
bool put(Shard& shard, std::uint64_t key, std::uint64_t value) {
  return shard.put(key, value, hash(key));
}

TEST(ClockShard, GetPutErase) {
  Shard shard(4, std::nullopt);
  EXPECT_FALSE(get(shard, 1).has_value());
  EXPECT_TRUE(put(shard, 1, 10));
  EXPECT_FALSE(put(shard, 1, 11));  // present: replaced
  EXPECT_EQ(get(shard, 1), 11u);
  EXPECT_FALSE(put(shard, 1, 11));  // the same bytes: nothing to write
  EXPECT_EQ(get(shard, 1), 11u);
  EXPECT_TRUE(shard.erase(1, hash(1)));
  EXPECT_FALSE(shard.erase(1, hash(1)));
  EXPECT_FALSE(get(shard, 1).has_value());
  EXPECT_EQ(shard.size(), 0u);
  EXPECT_EQ(shard.stats().insertions, 1u);
}

TEST(ClockShard, MissLeavesOutUntouched) {
  Shard shard(4, std::nullopt);
  std::uint64_t out = 77;
  EXPECT_FALSE(shard.get(5, hash(5), out));
  EXPECT_EQ(out, 77u);
}

// Nothing referenced: the hand evicts in insertion order (FIFO).
TEST(ClockShard, UnreferencedEntriesLeaveInInsertionOrder) {
  Shard shard(3, std::nullopt);
  for (std::uint64_t k = 1; k <= 5; ++k) EXPECT_TRUE(put(shard, k, k));
  EXPECT_FALSE(get(shard, 1).has_value());
  EXPECT_FALSE(get(shard, 2).has_value());
  for (std::uint64_t k = 3; k <= 5; ++k) EXPECT_EQ(get(shard, k), k);
  EXPECT_EQ(shard.size(), 3u);
  EXPECT_EQ(shard.stats().evictions, 2u);
}

// A hit gives its entry a second chance: the hand clears the bit and evicts
// the next unreferenced entry instead.
TEST(ClockShard, AHitSurvivesTheNextEviction) {
  Shard shard(3, std::nullopt);
  put(shard, 1, 1);
  put(shard, 2, 2);
  put(shard, 3, 3);
  EXPECT_EQ(get(shard, 1), 1u);  // 1 referenced
  put(shard, 4, 4);              // passes over 1, evicts 2
  EXPECT_EQ(get(shard, 1), 1u);
  EXPECT_FALSE(get(shard, 2).has_value());
  EXPECT_EQ(get(shard, 3), 3u);
  EXPECT_EQ(get(shard, 4), 4u);
  // Now 1, 3 and 4 are referenced and the hand is at 3's node: it clears
  // the three bits in one turn and comes back to 3, the first it cleared.
  put(shard, 5, 5);
  EXPECT_FALSE(get(shard, 3).has_value());
  EXPECT_EQ(get(shard, 1), 1u);
  EXPECT_EQ(get(shard, 4), 4u);
  EXPECT_EQ(get(shard, 5), 5u);
}

// The hand first looks ahead without clearing: a referenced entry it passes
// on the way to an unreferenced one keeps its bit, so it survives the hand's
// next visit too (plain CLOCK would have cleared the bit and now evict it).
TEST(ClockShard, TheLookAheadPassesReferencedEntriesWithoutClearing) {
  Shard shard(4, std::nullopt);
  for (std::uint64_t k = 1; k <= 4; ++k) put(shard, k, k);
  EXPECT_EQ(get(shard, 1), 1u);  // 1 referenced
  put(shard, 5, 5);              // passes 1, evicts 2
  put(shard, 6, 6);              // evicts 3
  put(shard, 7, 7);              // evicts 4; the hand is back at 1's node
  put(shard, 8, 8);              // 1 still referenced: evicts 5
  EXPECT_EQ(shard.stats().evictions, 4u);
  for (std::uint64_t k : {2, 3, 4, 5}) EXPECT_FALSE(get(shard, k).has_value());
  for (std::uint64_t k : {1, 6, 7, 8}) EXPECT_EQ(get(shard, k), k);
}

// The look-ahead clears a referenced entry's bit the second time it passes
// it: entries hit once and never again leave within a few turns of the hand,
// even when no window is ever all referenced (they are not pinned for good).
TEST(ClockShard, EntriesNotHitAgainAreNotProtectedForever) {
  Shard shard(16, std::nullopt);
  for (std::uint64_t k = 1; k <= 16; ++k) put(shard, k, k);
  // Every other node referenced: no window of the hand is all referenced.
  for (std::uint64_t k = 1; k <= 16; k += 2) EXPECT_EQ(get(shard, k), k);
  // Turn 1 marks them, turn 2 clears their bits, turn 3 evicts them (8 + 8
  // + 16 inserts); 48 inserts that are never hit.
  for (std::uint64_t k = 100; k < 148; ++k) put(shard, k, k);
  for (std::uint64_t k = 1; k <= 16; k += 2)
    EXPECT_FALSE(get(shard, k).has_value()) << k;
  EXPECT_EQ(shard.size(), 16u);
  EXPECT_EQ(shard.stats().evictions, 48u);
}

// The look-ahead wraps from the last node to the first.
TEST(ClockShard, TheLookAheadWrapsRoundTheRing) {
  Shard shard(4, std::nullopt);
  for (std::uint64_t k = 1; k <= 7; ++k) put(shard, k, k);  // 5, 6, 7 evict 1-3
  EXPECT_EQ(get(shard, 4), 4u);  // the hand is at 4's node, the last one
  put(shard, 8, 8);              // passes 4, wraps, evicts 5 in node 0
  EXPECT_FALSE(get(shard, 5).has_value());
  for (std::uint64_t k : {4, 6, 7, 8}) EXPECT_EQ(get(shard, k), k);
  EXPECT_EQ(shard.stats().evictions, 4u);
}

// When every node of the look-ahead is referenced, the hand sweeps as CLOCK
// does, clearing the bits it passes: those entries lose their protection.
TEST(ClockShard, AReferencedLookAheadMakesTheHandSweep) {
  Shard shard(12, std::nullopt);
  for (std::uint64_t k = 1; k <= 12; ++k) put(shard, k, k);
  for (std::uint64_t k = 1; k <= 9; ++k) EXPECT_EQ(get(shard, k), k);
  put(shard, 13, 13);  // 1..8 referenced: sweeps, clears 1..9, evicts 10
  EXPECT_FALSE(get(shard, 10).has_value());
  put(shard, 14, 14);  // evicts 11
  put(shard, 15, 15);  // evicts 12; the hand is back at 1's node
  put(shard, 16, 16);  // 1's bit was cleared by the sweep: evicts 1
  EXPECT_FALSE(get(shard, 1).has_value());
  for (std::uint64_t k : {11, 12}) EXPECT_FALSE(get(shard, k).has_value());
  for (std::uint64_t k = 2; k <= 9; ++k) EXPECT_EQ(get(shard, k), k);
  for (std::uint64_t k = 13; k <= 16; ++k) EXPECT_EQ(get(shard, k), k);
  EXPECT_EQ(shard.size(), 12u);
}

TEST(ClockShard, ReplacingAPresentKeyCountsAsAUse) {
  Shard shard(3, std::nullopt);
  put(shard, 1, 1);
  put(shard, 2, 2);
  put(shard, 3, 3);
  EXPECT_FALSE(put(shard, 1, 100));
  put(shard, 4, 4);  // evicts 2, not 1
  EXPECT_EQ(get(shard, 1), 100u);
  EXPECT_FALSE(get(shard, 2).has_value());
}

TEST(ClockShard, ErasedNodesAreReusedBeforeEvicting) {
  Shard shard(2, std::nullopt);
  put(shard, 1, 1);
  put(shard, 2, 2);
  EXPECT_TRUE(shard.erase(1, hash(1)));
  EXPECT_TRUE(put(shard, 3, 3));
  EXPECT_EQ(shard.stats().evictions, 0u);
  EXPECT_EQ(shard.size(), 2u);
  EXPECT_EQ(get(shard, 2), 2u);
  EXPECT_EQ(get(shard, 3), 3u);
}

TEST(ClockShard, CapacityOne) {
  Shard shard(1, std::nullopt);
  put(shard, 1, 1);
  EXPECT_EQ(get(shard, 1), 1u);
  put(shard, 2, 2);  // 1 had its second chance, and it is the only node
  EXPECT_FALSE(get(shard, 1).has_value());
  EXPECT_EQ(get(shard, 2), 2u);
  EXPECT_EQ(shard.size(), 1u);
}

TEST(ClockShard, ZeroCapacityIsAnError) {
  EXPECT_THROW(Shard(0, std::nullopt), std::invalid_argument);
}

TEST(ClockShard, TtlExpiresOnTheVirtualClock) {
  core::VirtualClock clock;
  Shard shard(4, TtlPolicy::on(clock, 100));
  put(shard, 1, 1);
  clock.advance(99);
  EXPECT_EQ(get(shard, 1), 1u);
  EXPECT_FALSE(put(shard, 1, 2));  // restarts the TTL
  clock.advance(99);
  EXPECT_EQ(get(shard, 1), 2u);
  clock.advance(1);
  EXPECT_FALSE(get(shard, 1).has_value());
  EXPECT_EQ(shard.stats().expirations, 1u);
  EXPECT_EQ(shard.size(), 0u);
}

TEST(ClockShard, AnExpiredVictimCountsAsAnExpiration) {
  core::VirtualClock clock;
  Shard shard(1, TtlPolicy::on(clock, 10));
  put(shard, 1, 1);
  clock.advance(10);
  put(shard, 2, 2);
  EXPECT_EQ(shard.stats().expirations, 1u);
  EXPECT_EQ(shard.stats().evictions, 0u);
}

TEST(ClockShard, EraseIfAndClear) {
  Shard shard(64, std::nullopt);
  for (std::uint64_t k = 0; k < 40; ++k) put(shard, k, k * 2);
  auto odd = [](std::uint64_t key, std::uint64_t value) {
    return key % 2 == 1 && value == key * 2;
  };
  EXPECT_EQ(shard.erase_if(odd), 20u);
  EXPECT_EQ(shard.size(), 20u);
  EXPECT_FALSE(get(shard, 3).has_value());
  EXPECT_EQ(get(shard, 4), 8u);
  shard.clear();
  EXPECT_EQ(shard.size(), 0u);
  EXPECT_FALSE(get(shard, 4).has_value());
  for (std::uint64_t k = 0; k < 64; ++k) EXPECT_TRUE(put(shard, k, k));
  EXPECT_EQ(shard.stats().evictions, 0u);
  EXPECT_EQ(shard.size(), 64u);
}

// Values of four words, each equal to the key times a generation; readers run
// against writers that replace values and, with far more keys than nodes,
// evict and reuse nodes for other keys all the time. A torn copy (words from
// two writes) or a copy from a node reused for another key would break the
// pattern. Run under the tsan preset too.
TEST(ClockShard, ConcurrentReadsAreNeverTorn) {
  using Words = std::array<std::uint64_t, 4>;
  ClockShard<std::uint64_t, Words> shard(32, std::nullopt);
  constexpr std::uint64_t kKeys = 96;
  constexpr int kOps = 60000;
  std::atomic<bool> go{false};
  std::atomic<std::uint64_t> bad{0}, hits{0};
  std::atomic<int> writers_left{2};
  auto writer = [&](std::uint64_t seed) {
    core::Xoshiro256StarStar rng(seed);
    while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
    for (int i = 0; i < kOps; ++i) {
      const std::uint64_t key = 1 + rng.uniform_below(kKeys);
      const std::uint64_t g = rng.uniform_below(1000);
      const std::uint64_t w = key * 1000 + g;
      shard.put(key, Words{w, w, w, w}, hash(key));
      if (i % 997 == 0) shard.erase(key, hash(key));
    }
    writers_left.fetch_sub(1);
  };
  auto reader = [&](std::uint64_t seed) {
    core::Xoshiro256StarStar rng(seed);
    while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
    // Until both writers are done, so that reads overlap writes however the
    // threads are scheduled, and until this reader has seen a hit: on a
    // loaded machine a reader may be descheduled for all of the writers' run
    // (bounded, so a cache that never hits fails instead of hanging).
    std::uint64_t my_hits = 0;
    for (int i = 0; i < kOps || writers_left.load() > 0 ||
                    (my_hits == 0 && i < 100 * kOps);
         ++i) {
      const std::uint64_t key = 1 + rng.uniform_below(kKeys);
      Words out{};
      if (!shard.get(key, hash(key), out)) continue;
      ++my_hits;
      hits.fetch_add(1, std::memory_order_relaxed);
      const bool same = out[0] == out[1] && out[1] == out[2] &&
                        out[2] == out[3] && out[0] / 1000 == key;
      if (!same) {
        bad.fetch_add(1, std::memory_order_relaxed);
        ADD_FAILURE() << "key " << key << " read " << out[0] << " " << out[1]
                      << " " << out[2] << " " << out[3];
      }
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(writer, 1);
  threads.emplace_back(writer, 2);
  threads.emplace_back(reader, 3);
  threads.emplace_back(reader, 4);
  go.store(true, std::memory_order_release);
  for (auto& t : threads) t.join();
  EXPECT_EQ(bad.load(), 0u);
  EXPECT_GT(hits.load(), 0u);
  EXPECT_LE(shard.size(), 32u);
}

// Readers hit a few hot keys (setting their bits) while a writer inserts a
// stream of cold keys into a shard larger than the look-ahead, so the hand
// both looks ahead and sweeps while bits are set under it. Every hit must
// read its key's value, and the counts stay exact. Run under the tsan preset
// too.
TEST(ClockShard, ConcurrentHitsDuringLookAheadAndSweeps) {
  Shard shard(48, std::nullopt);
  constexpr std::uint64_t kHot = 16;
  constexpr std::uint64_t kCold = 20000;
  for (std::uint64_t k = 0; k < kHot; ++k) put(shard, k, k * 3);
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> bad{0}, hits{0};
  auto reader = [&](std::uint64_t seed) {
    core::Xoshiro256StarStar rng(seed);
    std::uint64_t my_hits = 0;
    // Until the writer is done and this reader has seen a hit (bounded).
    for (std::uint64_t i = 0; !done.load() || (my_hits == 0 && i < 100 * kCold);
         ++i) {
      const std::uint64_t key = rng.uniform_below(kHot);
      std::uint64_t out = 0;
      if (!shard.get(key, hash(key), out)) {
        put(shard, key, key * 3);
        continue;
      }
      ++my_hits;
      if (out != key * 3) bad.fetch_add(1, std::memory_order_relaxed);
    }
    hits.fetch_add(my_hits, std::memory_order_relaxed);
  };
  std::thread r1(reader, 1), r2(reader, 2);
  for (std::uint64_t k = 0; k < kCold; ++k) put(shard, 1000 + k, k * 3);
  done.store(true);
  r1.join();
  r2.join();
  EXPECT_EQ(bad.load(), 0u);
  EXPECT_GT(hits.load(), 0u);
  const CacheStats stats = shard.stats();
  EXPECT_EQ(shard.size(), 48u);
  EXPECT_EQ(stats.insertions - stats.evictions, 48u);
}

// put() of a present key runs under the node lock only: concurrent puts of
// the same keys, and erase_if / clear against them, keep the size exact.
TEST(ClockShard, ConcurrentReplaceAndInvalidate) {
  Shard shard(16, std::nullopt);
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> wrong{0};
  std::vector<std::thread> writers;
  for (std::uint64_t t = 0; t < 2; ++t) {
    writers.emplace_back([&, t] {
      core::Xoshiro256StarStar rng(10 + t);
      for (int i = 0; i < 30000; ++i) {
        const std::uint64_t key = rng.uniform_below(24);
        shard.put(key, key + 1000 * rng.uniform_below(3), hash(key));
        std::uint64_t out = 0;
        if (shard.get(key, hash(key), out) && out % 1000 != key)
          wrong.fetch_add(1);
      }
    });
  }
  std::thread invalidator([&] {
    for (int round = 0; !done.load(); ++round) {
      shard.erase_if([round](std::uint64_t key, std::uint64_t) {
        return key % 5 == static_cast<std::uint64_t>(round % 5);
      });
      if (round % 20 == 0) shard.clear();
      if (shard.size() > 16) wrong.fetch_add(1);
    }
  });
  for (auto& w : writers) w.join();
  done.store(true);
  invalidator.join();
  EXPECT_EQ(wrong.load(), 0u);
  std::size_t present = 0;
  for (std::uint64_t key = 0; key < 24; ++key)
    present += get(shard, key) ? 1 : 0;
  EXPECT_EQ(present, shard.size());
}

// put(k + 1) into a full one-node shard evicts k. A reader that sees k gone
// must then find k + 1: no moment has neither key. (The victim's key used to
// change before the index window opened, so a miss of k validated while k + 1
// was not yet indexed.) Wide values make the window easy to hit.
TEST(ClockShard, ConcurrentEvictionNeverShowsNeitherKey) {
  using Wide = std::array<std::uint64_t, 16>;
  ClockShard<std::uint64_t, Wide> shard(1, std::nullopt);
  constexpr std::uint64_t kRounds = 20000;
  shard.put(1, Wide{}, hash(1));
  SpinBarrier start, end;
  std::atomic<std::uint64_t> neither{0};
  std::thread writer([&] {
    core::Xoshiro256StarStar rng(1);
    for (std::uint64_t k = 1; k <= kRounds; ++k) {
      start.wait();
      spin(rng.uniform_below(32));
      Wide value;
      value.fill(k + 1);
      shard.put(k + 1, value, hash(k + 1));
      end.wait();
    }
  });
  for (std::uint64_t k = 1; k <= kRounds; ++k) {
    start.wait();
    Wide out;
    while (shard.get(k, hash(k), out)) {
    }
    if (!shard.get(k + 1, hash(k + 1), out)) neither.fetch_add(1);
    end.wait();
  }
  writer.join();
  EXPECT_EQ(neither.load(), 0u);
}

// An expired entry found by get() and refreshed by a concurrent put() of the
// same key: if put() reports the key present (refreshed), the key must stay.
// (get() used to unlock the node between seeing it expired and removing it.)
TEST(ClockShard, ConcurrentRefreshOfAnExpiredEntryIsNotLost) {
  std::atomic<std::int64_t> now{0};
  constexpr std::int64_t kTtl = 100;
  Shard shard(8, TtlPolicy{kTtl, [&] { return now.load(); }});
  constexpr std::uint64_t kKey = 42;
  constexpr int kRounds = 50000;
  SpinBarrier start, done, next;
  std::atomic<bool> refreshed{false};
  std::atomic<int> lost{0};
  std::thread writer([&] {
    core::Xoshiro256StarStar rng(1);
    for (int r = 0; r < kRounds; ++r) {
      now.store(std::int64_t{r} * 1000);
      shard.put(kKey, 0, hash(kKey));
      now.store(std::int64_t{r} * 1000 + kTtl);  // expired
      start.wait();
      spin(rng.uniform_below(64));
      refreshed.store(!shard.put(kKey, 1, hash(kKey)));
      done.wait();
      next.wait();
    }
  });
  core::Xoshiro256StarStar rng(2);
  for (int r = 0; r < kRounds; ++r) {
    start.wait();
    spin(rng.uniform_below(64));
    std::uint64_t out = 0;
    shard.get(kKey, hash(kKey), out);
    done.wait();
    if (refreshed.load() && !shard.get(kKey, hash(kKey), out)) ++lost;
    next.wait();
  }
  writer.join();
  EXPECT_EQ(lost.load(), 0);
}

// A throwing predicate leaves the shard usable: nothing stays locked.
TEST(ClockShard, EraseIfWithAThrowingPredicate) {
  Shard shard(8, std::nullopt);
  for (std::uint64_t k = 0; k < 8; ++k) put(shard, k, k);
  EXPECT_THROW(shard.erase_if([](std::uint64_t key, std::uint64_t) -> bool {
    if (key == 5) throw std::runtime_error("predicate failed");
    return key % 2 == 0;
  }),
               std::runtime_error);
  std::size_t present = 0;
  for (std::uint64_t k = 0; k < 8; ++k) present += get(shard, k) ? 1 : 0;
  EXPECT_EQ(present, shard.size());
  EXPECT_EQ(get(shard, 5), 5u);
  EXPECT_TRUE(put(shard, 100, 1));
  EXPECT_EQ(get(shard, 100), 1u);
}

}  // namespace
}  // namespace marketbench::cache::detail
