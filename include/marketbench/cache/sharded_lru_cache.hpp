#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "marketbench/cache/cache_stats.hpp"
#include "marketbench/cache/detail/clock_shard.hpp"
#include "marketbench/cache/detail/hit_counters.hpp"
#include "marketbench/cache/detail/locked_lru_shard.hpp"
#include "marketbench/core/random.hpp"

namespace marketbench::cache {

namespace detail {
// Throws std::invalid_argument naming the values unless `shards` is a power of
// two in [1, 2^16] and capacity >= shards (every shard holds at least one
// entry).
void check_sharding(std::size_t capacity, std::size_t shards);
}  // namespace detail

// A thread-safe cache of `capacity` entries in `shards` independent shards, a
// key's shard chosen by bits 32.. of its mixed 64-bit hash (the shard's index
// uses the low 32 bits, so the two choices are independent). Recency is per
// shard, so eviction approximates global recency.
//
// Two shard kinds, chosen by type:
// - K and V trivially copyable, and K with unique object representations so
//   that keys can be compared by their bytes (numbers, ids, structs of them
//   without padding; the PredictionCache's entries): a detail::ClockShard.
//   get() takes no lock and, on a hit, writes no shared cache line; eviction is
//   CLOCK (second chance), an LRU approximation. put / erase lock the shard.
// - otherwise (e.g. a shared_ptr value): a detail::LockedLruShard, an exact
//   LruCache behind a lock, for every operation.
// A ClockShard's hits and misses are counted in per-thread stripes
// (detail::HitCounters), so counting does not make threads share a line
// either; a locked shard's LruCache counts its own. stats() stays exact.
//
// Each shard is its own cache-line-aligned allocation, so threads working on
// different shards never share a line.
template <typename K, typename V, typename Hash = std::hash<K>>
class ShardedLruCache {
 public:
  // True when get() is lock-free (see detail::kClockShardable).
  static constexpr bool kLockFreeGet = detail::kClockShardable<K, V>;

  // `capacity` entries in total, spread evenly over the shards.
  ShardedLruCache(std::size_t capacity, std::size_t shards = 16,
                  Hash hash = Hash())
      : ShardedLruCache(capacity, shards, std::nullopt, std::move(hash)) {}
  ShardedLruCache(std::size_t capacity, std::size_t shards, TtlPolicy ttl,
                  Hash hash = Hash())
      : ShardedLruCache(capacity, shards,
                        std::optional<TtlPolicy>(std::move(ttl)),
                        std::move(hash)) {}

  // A copy of the value, or nullopt; a hit marks the key recently used.
  std::optional<V> get(const K& key) {
    std::optional<V> out(std::in_place);
    if (!get(key, *out)) out.reset();
    return out;
  }
  // As get(), writing into `out` (untouched on a miss); returns whether it
  // hit.
  bool get(const K& key, V& out) {
    const std::uint64_t hash = hash_of(key);
    const bool hit = shard_for(hash).get(key, hash, out);
    // A locked shard's LruCache has counted it already, under its lock.
    if constexpr (kLockFreeGet) lookups_.count(hit);
    return hit;
  }
  // Returns true when the key was new (at capacity, that evicted an entry).
  bool put(const K& key, V value) {
    const std::uint64_t hash = hash_of(key);
    return shard_for(hash).put(key, std::move(value), hash);
  }
  bool erase(const K& key) {
    const std::uint64_t hash = hash_of(key);
    return shard_for(hash).erase(key, hash);
  }
  // Removes every entry for which pred(key, value) holds, one shard at a time
  // (not an atomic snapshot of the whole cache). Returns how many.
  template <typename Pred>
  std::size_t erase_if(Pred&& pred) {
    std::size_t erased = 0;
    for (auto& shard : shards_) erased += shard->erase_if(pred);
    return erased;
  }
  void clear() {
    for (auto& shard : shards_) shard->clear();
  }

  // Sums over the shards, each read under its lock.
  std::size_t size() const {
    std::size_t total = 0;
    for (const auto& shard : shards_) total += shard->size();
    return total;
  }
  CacheStats stats() const {
    CacheStats total;
    for (const auto& shard : shards_) total += shard->stats();
    total.hits += lookups_.hits();  // 0 with locked shards
    total.misses += lookups_.misses();
    return total;
  }
  void reset_stats() {
    for (auto& shard : shards_) shard->reset_stats();
    lookups_.reset();
  }
  std::size_t capacity() const { return capacity_; }
  std::size_t shard_count() const { return shards_.size(); }
  std::size_t shard_of(const K& key) const { return shard_index(hash_of(key)); }

 private:
  using Shard = std::conditional_t<kLockFreeGet, detail::ClockShard<K, V>,
                                   detail::LockedLruShard<K, V, Hash>>;

  ShardedLruCache(std::size_t capacity, std::size_t shards,
                  std::optional<TtlPolicy> ttl, Hash hash)
      : capacity_(capacity), hash_(std::move(hash)) {
    detail::check_sharding(capacity, shards);
    shard_mask_ = shards - 1;
    shards_.reserve(shards);
    for (std::size_t i = 0; i < shards; ++i) {
      // The first capacity % shards shards take one entry more.
      const std::size_t shard_capacity =
          capacity / shards + (i < capacity % shards ? 1 : 0);
      if constexpr (kLockFreeGet) {
        shards_.push_back(std::make_unique<Shard>(shard_capacity, ttl));
      } else {
        shards_.push_back(std::make_unique<Shard>(shard_capacity, ttl, hash_));
      }
    }
  }

  std::uint64_t hash_of(const K& key) const {
    return core::mix64(static_cast<std::uint64_t>(hash_(key)));
  }
  std::size_t shard_index(std::uint64_t hash) const {
    return static_cast<std::size_t>(hash >> 32) & shard_mask_;
  }
  Shard& shard_for(std::uint64_t hash) { return *shards_[shard_index(hash)]; }

  std::size_t capacity_;
  std::size_t shard_mask_ = 0;
  Hash hash_;
  std::vector<std::unique_ptr<Shard>> shards_;
  detail::HitCounters lookups_;
};

}  // namespace marketbench::cache
