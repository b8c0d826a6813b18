#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "marketbench/cache/cache_stats.hpp"
#include "marketbench/cache/lru_cache.hpp"
#include "marketbench/cache/shard_lock.hpp"

namespace marketbench::cache {

namespace detail {
// Throws std::invalid_argument naming the values unless `shards` is a power of
// two in [1, 2^16] and capacity >= shards (every shard holds at least one
// entry).
void check_sharding(std::size_t capacity, std::size_t shards);
}  // namespace detail

// A thread-safe LRU: `shards` independent LruCaches, each behind its own lock,
// a key's shard chosen by bits 32.. of its mixed 64-bit hash (the shard's index
// uses the low 32 bits, so the two choices are independent). Recency is per
// shard, so eviction is approximately, not exactly, global LRU.
//
// Each shard is its own cache-line-aligned allocation, so threads working on
// different shards never share a line; the critical section is one LruCache
// operation and a copy of the value, short enough for a ShardLock.
template <typename K, typename V, typename Hash = std::hash<K>>
class ShardedLruCache {
 public:
  // `capacity` entries in total, spread evenly over the shards.
  ShardedLruCache(std::size_t capacity, std::size_t shards = 16,
                  Hash hash = Hash())
      : ShardedLruCache(capacity, shards, std::nullopt, std::move(hash)) {}
  ShardedLruCache(std::size_t capacity, std::size_t shards, TtlPolicy ttl,
                  Hash hash = Hash())
      : ShardedLruCache(capacity, shards,
                        std::optional<TtlPolicy>(std::move(ttl)),
                        std::move(hash)) {}

  // A copy of the value, or nullopt; a hit refreshes the key's recency.
  std::optional<V> get(const K& key) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_for(hash);
    std::lock_guard<ShardLock> lock(shard.lock);
    const V* value = shard.lru.get(key, hash);
    return value != nullptr ? std::optional<V>(*value) : std::nullopt;
  }
  // As get(), writing into `out` (no optional); returns whether it hit.
  bool get(const K& key, V& out) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_for(hash);
    std::lock_guard<ShardLock> lock(shard.lock);
    const V* value = shard.lru.get(key, hash);
    if (value == nullptr) return false;
    out = *value;
    return true;
  }
  // Returns true when the key was new (see LruCache::put).
  bool put(const K& key, V value) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_for(hash);
    std::lock_guard<ShardLock> lock(shard.lock);
    return shard.lru.put(key, std::move(value), hash);
  }
  bool erase(const K& key) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_for(hash);
    std::lock_guard<ShardLock> lock(shard.lock);
    return shard.lru.erase(key, hash);
  }
  // Removes every entry for which pred(key, value) holds, one shard at a time
  // (not an atomic snapshot of the whole cache). Returns how many.
  template <typename Pred>
  std::size_t erase_if(Pred&& pred) {
    std::size_t erased = 0;
    for (auto& shard : shards_) {
      std::lock_guard<ShardLock> lock(shard->lock);
      erased += shard->lru.erase_if(pred);
    }
    return erased;
  }
  void clear() {
    for (auto& shard : shards_) {
      std::lock_guard<ShardLock> lock(shard->lock);
      shard->lru.clear();
    }
  }

  // Sums over the shards, each read under its lock.
  std::size_t size() const {
    std::size_t total = 0;
    for (const auto& shard : shards_) {
      std::lock_guard<ShardLock> lock(shard->lock);
      total += shard->lru.size();
    }
    return total;
  }
  CacheStats stats() const {
    CacheStats total;
    for (const auto& shard : shards_) {
      std::lock_guard<ShardLock> lock(shard->lock);
      total += shard->lru.stats();
    }
    return total;
  }
  void reset_stats() {
    for (auto& shard : shards_) {
      std::lock_guard<ShardLock> lock(shard->lock);
      shard->lru.reset_stats();
    }
  }
  std::size_t capacity() const { return capacity_; }
  std::size_t shard_count() const { return shards_.size(); }
  std::size_t shard_of(const K& key) const { return shard_index(hash_of(key)); }

 private:
  // The lock and the LruCache's hot fields fill the shard's first cache line:
  // an operation on an uncontended shard pulls one header line to its core.
  struct alignas(64) Shard {
    template <typename... Args>
    explicit Shard(Args&&... args) : lru(std::forward<Args>(args)...) {}
    mutable ShardLock lock;
    LruCache<K, V, Hash> lru;
  };
  static_assert(sizeof(ShardLock) == 4);

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
      if (ttl) {
        shards_.push_back(std::make_unique<Shard>(shard_capacity, *ttl, hash_));
      } else {
        shards_.push_back(std::make_unique<Shard>(shard_capacity, hash_));
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
};

}  // namespace marketbench::cache
