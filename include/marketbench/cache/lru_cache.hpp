#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "marketbench/cache/cache_stats.hpp"
#include "marketbench/cache/detail/slot_index.hpp"
#include "marketbench/core/random.hpp"
#include "marketbench/core/virtual_clock.hpp"

namespace marketbench::cache {

// Current time in nanoseconds, for TTL checks.
using ClockFn = std::function<std::int64_t()>;

// Entries expire ttl_ns after they were last put. Nothing sleeps: the clock is
// injected, usually a core::VirtualClock.
struct TtlPolicy {
  std::int64_t ttl_ns = 0;  // > 0
  ClockFn clock;            // must be set; called on every lookup and put

  // Reads `clock` by reference: it must outlive every cache using the policy.
  static TtlPolicy on(const core::VirtualClock& clock, std::int64_t ttl_ns);
};

namespace detail {
// Throws std::invalid_argument naming the value unless 0 < capacity <=
// kMaxCapacity.
std::uint32_t checked_capacity(std::size_t capacity);
// Throws std::invalid_argument unless ttl_ns > 0 and the clock is set.
void check_ttl(const TtlPolicy& ttl);
inline constexpr std::size_t kMaxCapacity = std::size_t{1} << 30;
}  // namespace detail

// A fixed-capacity LRU map. get / put / erase are O(1) expected.
//
// Layout: a node pool reserved at construction (key, value, intrusive
// doubly-linked recency list by 32-bit index) and a detail::SlotIndex (open
// addressing, backward-shift deletion) from hash to node. Consequently a hit
// allocates nothing, and once the cache is full a put reuses the evicted node:
// no allocation per operation in steady state.
//
// Keys are hashed with Hash and then core::mix64, so an identity std::hash is
// fine. Not thread-safe: see ShardedLruCache. Erased values stay in their
// node until it is reused or the cache is cleared or destroyed.
template <typename K, typename V, typename Hash = std::hash<K>>
class LruCache {
 public:
  explicit LruCache(std::size_t capacity, Hash hash = Hash())
      : capacity_(detail::checked_capacity(capacity)), hash_(std::move(hash)) {
    index_ = detail::SlotIndex(capacity_);
    // Never grows past this, so nodes_ stays valid.
    node_storage_.reserve(capacity_);
    nodes_ = node_storage_.data();
  }
  LruCache(std::size_t capacity, TtlPolicy ttl, Hash hash = Hash())
      : LruCache(capacity, std::move(hash)) {
    detail::check_ttl(ttl);
    ttl_ns_ = ttl.ttl_ns;
    has_ttl_ = true;
    clock_ = std::move(ttl.clock);
  }
  // Moves keep the storage buffers, so the raw pointers stay valid; copies
  // would not, and a cache is not meant to be copied.
  LruCache(LruCache&&) noexcept = default;
  LruCache& operator=(LruCache&&) noexcept = default;
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The 64-bit hash the cache uses for `key`. The overloads taking a hash let a
  // caller that already computed it (ShardedLruCache routes by it) skip
  // rehashing; the hash passed must equal hash_of(key).
  std::uint64_t hash_of(const K& key) const {
    return core::mix64(static_cast<std::uint64_t>(hash_(key)));
  }

  // The value of `key` or nullptr; a hit makes the key the most recently used.
  // The pointer is valid until the next non-const call.
  V* get(const K& key) { return get(key, hash_of(key)); }
  V* get(const K& key, std::uint64_t hash) {
    const detail::SlotIndex::Found found = find(key, hash);
    if (found.node == kNil) {
      ++misses_;
      return nullptr;
    }
    const std::uint32_t n = found.node;
    if (has_ttl_ && nodes_[n].expires_ns <= clock_()) {
      remove(found.slot, n);
      ++expirations_;
      ++misses_;
      return nullptr;
    }
    if (n != head_) {
      unlink(n);
      push_front(n);
    }
    ++hits_;
    return &nodes_[n].value;
  }

  // Like get() but changes neither recency nor stats.
  const V* peek(const K& key) const {
    const detail::SlotIndex::Found found = find(key, hash_of(key));
    if (found.node == kNil) return nullptr;
    const Node& node = nodes_[found.node];
    if (has_ttl_ && node.expires_ns <= clock_()) return nullptr;
    return &node.value;
  }
  bool contains(const K& key) const { return peek(key) != nullptr; }

  // Stores `value` as the most recently used entry (restarting its TTL).
  // Returns true when the key was new; at capacity that evicts the least
  // recently used entry and reuses its node.
  bool put(const K& key, V value) {
    return put(key, std::move(value), hash_of(key));
  }
  bool put(const K& key, V value, std::uint64_t hash) {
    const std::int64_t now = has_ttl_ ? clock_() : 0;
    const std::int64_t expires = has_ttl_ ? now + ttl_ns_ : 0;
    const detail::SlotIndex::Found found = find(key, hash);
    if (found.node != kNil) {
      const std::uint32_t n = found.node;
      nodes_[n].value = std::move(value);
      nodes_[n].expires_ns = expires;
      if (n != head_) {
        unlink(n);
        push_front(n);
      }
      return false;
    }
    std::uint32_t n;
    if (free_ != kNil) {
      n = free_;
      free_ = nodes_[n].next;
      nodes_[n].key = key;
      nodes_[n].value = std::move(value);
    } else if (node_storage_.size() < capacity_) {
      n = static_cast<std::uint32_t>(node_storage_.size());
      node_storage_.push_back(Node{key, std::move(value), 0, kNil, kNil, 0});
    } else {
      n = tail_;
      if (has_ttl_ && nodes_[n].expires_ns <= now) {
        ++expirations_;
      } else {
        ++evictions_;
      }
      unlink(n);
      index_.erase(slot_of_node(n));
      --size_;
      nodes_[n].key = key;
      nodes_[n].value = std::move(value);
    }
    nodes_[n].expires_ns = expires;
    nodes_[n].tag = static_cast<std::uint32_t>(hash);
    index_.insert(hash, n);
    push_front(n);
    ++size_;
    ++insertions_;
    return true;
  }

  // Removes `key`; returns whether it was present (expired or not).
  bool erase(const K& key) { return erase(key, hash_of(key)); }
  bool erase(const K& key, std::uint64_t hash) {
    const detail::SlotIndex::Found found = find(key, hash);
    if (found.node == kNil) return false;
    remove(found.slot, found.node);
    return true;
  }

  // Removes every entry for which pred(key, value) is true; returns how many.
  // O(size).
  template <typename Pred>
  std::size_t erase_if(Pred&& pred) {
    std::size_t erased = 0;
    for (std::uint32_t n = head_; n != kNil;) {
      const std::uint32_t next = nodes_[n].next;
      if (pred(std::as_const(nodes_[n].key), std::as_const(nodes_[n].value))) {
        remove(slot_of_node(n), n);
        ++erased;
      }
      n = next;
    }
    return erased;
  }

  // Visits (key, value) from the most to the least recently used. O(size).
  template <typename F>
  void for_each(F&& f) const {
    for (std::uint32_t n = head_; n != kNil; n = nodes_[n].next)
      f(nodes_[n].key, nodes_[n].value);
  }

  // Drops every entry (values are destroyed); stats are kept.
  void clear() {
    index_.clear();
    node_storage_.clear();
    head_ = tail_ = free_ = kNil;
    size_ = 0;
  }

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  CacheStats stats() const {
    return CacheStats{hits_, misses_, insertions_, evictions_, expirations_};
  }
  void reset_stats() {
    hits_ = misses_ = insertions_ = evictions_ = expirations_ = 0;
  }

 private:
  static constexpr std::uint32_t kNil = detail::SlotIndex::kNil;

  struct Node {
    K key;
    V value;
    std::int64_t expires_ns;
    std::uint32_t prev;
    std::uint32_t next;  // also links the free list
    std::uint32_t tag;   // low 32 bits of the hash: locates the node's slot
                         // without rehashing
  };
  detail::SlotIndex::Found find(const K& key, std::uint64_t hash) const {
    return index_.find(hash,
                       [&](std::uint32_t n) { return nodes_[n].key == key; });
  }
  std::size_t slot_of_node(std::uint32_t n) const {
    return index_.slot_of(nodes_[n].tag, n);
  }
  void remove(std::size_t slot, std::uint32_t n) {
    unlink(n);
    index_.erase(slot);
    nodes_[n].next = free_;
    free_ = n;
    --size_;
  }
  void unlink(std::uint32_t n) {
    Node& node = nodes_[n];
    if (node.prev != kNil) {
      nodes_[node.prev].next = node.next;
    } else {
      head_ = node.next;
    }
    if (node.next != kNil) {
      nodes_[node.next].prev = node.prev;
    } else {
      tail_ = node.prev;
    }
  }
  void push_front(std::uint32_t n) {
    Node& node = nodes_[n];
    node.prev = kNil;
    node.next = head_;
    if (head_ != kNil) {
      nodes_[head_].prev = n;
    } else {
      tail_ = n;
    }
    head_ = n;
  }

  // Hot: what a lookup reads or writes, first and together (56 bytes), so that
  // behind LockedLruShard's 4-byte lock they share one cache line with it.
  detail::SlotIndex index_;
  Node* nodes_ = nullptr;      // node_storage_.data(), reserved to capacity_
  std::uint32_t head_ = kNil;  // most recently used
  std::uint32_t tail_ = kNil;  // least recently used
  std::uint32_t free_ = kNil;  // nodes released by erase / expiry
  std::uint32_t size_ = 0;
  bool has_ttl_ = false;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  // Cold: puts, TTL and ownership.
  std::uint64_t insertions_ = 0;
  std::uint64_t evictions_ = 0;
  std::uint64_t expirations_ = 0;
  std::uint32_t capacity_;
  std::int64_t ttl_ns_ = 0;
  std::vector<Node> node_storage_;
  ClockFn clock_;
  Hash hash_;
};

}  // namespace marketbench::cache
