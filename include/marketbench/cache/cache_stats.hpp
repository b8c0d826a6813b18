#pragma once

#include <cstdint>

namespace marketbench::cache {

// Counters of one cache (or the sum over shards). A lookup is a hit or a miss;
// an expired entry found by a lookup is a miss and an expiration.
struct CacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t insertions =
      0;  // new keys stored (updates of a present key are not counted)
  std::uint64_t evictions =
      0;  // entries dropped to make room (least recently used first)
  std::uint64_t expirations =
      0;  // entries dropped because their TTL had passed

  std::uint64_t lookups() const { return hits + misses; }
  // hits / lookups, 0 when nothing was looked up.
  double hit_rate() const {
    return lookups() == 0
               ? 0.0
               : static_cast<double>(hits) / static_cast<double>(lookups());
  }
  CacheStats& operator+=(const CacheStats& other) {
    hits += other.hits;
    misses += other.misses;
    insertions += other.insertions;
    evictions += other.evictions;
    expirations += other.expirations;
    return *this;
  }
  friend bool operator==(const CacheStats&, const CacheStats&) = default;
};

}  // namespace marketbench::cache
