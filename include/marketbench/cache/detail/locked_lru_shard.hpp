#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "marketbench/cache/cache_stats.hpp"
#include "marketbench/cache/detail/shard_lock.hpp"
#include "marketbench/cache/lru_cache.hpp"

namespace marketbench::cache::detail {

// One shard of a ShardedLruCache whose values cannot be copied optimistically
// (not trivially copyable, e.g. a shared_ptr): an exact LruCache behind a
// ShardLock. Every operation, hits included, takes the lock.
//
// The lock and the LruCache's hot fields fill the shard's first cache line:
// an operation on an uncontended shard pulls one header line to its core.
template <typename K, typename V, typename Hash>
class alignas(64) LockedLruShard {
 public:
  LockedLruShard(std::size_t capacity, std::optional<TtlPolicy> ttl,
                 const Hash& hash)
      : lru_(ttl ? LruCache<K, V, Hash>(capacity, std::move(*ttl), hash)
                 : LruCache<K, V, Hash>(capacity, hash)) {}

  bool get(const K& key, std::uint64_t hash, V& out) {
    std::lock_guard<ShardLock> lock(lock_);
    const V* value = lru_.get(key, hash);
    if (value == nullptr) return false;
    out = *value;
    return true;
  }
  bool put(const K& key, V value, std::uint64_t hash) {
    std::lock_guard<ShardLock> lock(lock_);
    return lru_.put(key, std::move(value), hash);
  }
  bool erase(const K& key, std::uint64_t hash) {
    std::lock_guard<ShardLock> lock(lock_);
    return lru_.erase(key, hash);
  }
  template <typename Pred>
  std::size_t erase_if(Pred&& pred) {
    std::lock_guard<ShardLock> lock(lock_);
    return lru_.erase_if(pred);
  }
  void clear() {
    std::lock_guard<ShardLock> lock(lock_);
    lru_.clear();
  }
  std::size_t size() const {
    std::lock_guard<ShardLock> lock(lock_);
    return lru_.size();
  }
  // All counts, hits and misses included: the LruCache keeps them under the
  // lock already.
  CacheStats stats() const {
    std::lock_guard<ShardLock> lock(lock_);
    return lru_.stats();
  }
  void reset_stats() {
    std::lock_guard<ShardLock> lock(lock_);
    lru_.reset_stats();
  }

 private:
  static_assert(sizeof(ShardLock) == 4);
  mutable ShardLock lock_;
  LruCache<K, V, Hash> lru_;
};

}  // namespace marketbench::cache::detail
