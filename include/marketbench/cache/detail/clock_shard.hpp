#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "marketbench/cache/cache_stats.hpp"
#include "marketbench/cache/detail/atomic_words.hpp"
#include "marketbench/cache/detail/shard_lock.hpp"
#include "marketbench/cache/detail/slot_index.hpp"
#include "marketbench/cache/lru_cache.hpp"

namespace marketbench::cache::detail {

// Whether ClockShard can hold K and V. Their bytes are copied optimistically,
// and a reader may see a key mid-change, so keys are compared by their bytes,
// never with K's operator== on a possibly torn copy: K must have unique object
// representations (integers, ids and structs of them without padding), so
// that equal bytes and equal values are the same thing.
template <typename K, typename V>
inline constexpr bool kClockShardable =
    std::is_trivially_copyable_v<K>&& std::has_unique_object_representations_v<
        K>&& std::is_trivially_copyable_v<V>;

// One shard of a ShardedLruCache in which a hit takes no lock and, once the
// entry is marked referenced, writes nothing: two threads hitting the same
// hot entries share its cache lines read-only instead of passing them back and
// forth on every access.
//
// Recency is CLOCK (second chance), the LRU approximation of Corbato's
// Multics pager, Linux's page cache, PostgreSQL's buffer pool and RocksDB's
// HyperClockCache. A hit sets the entry's reference bit (only if clear). To
// evict, a hand moves round the ring of nodes. It first looks at the next
// kVictimWindow nodes: the first with its bit clear is evicted; a referenced
// one before it keeps its bit the first time the hand passes it and loses it
// the second (a writer-only mark per node, in an array of its own, says which),
// so a hit protects an entry for at most two turns of the hand. Only when all
// of them are referenced does it sweep as CLOCK does: an entry whose bit is
// set has it cleared and is passed over (its second chance); the first entry
// found with the bit clear is evicted. A hit thus protects an entry until its
// bit is cleared and the hand comes back, as in LRU, but the order among
// protected entries is not exact. (The look-ahead spares hot entries half of
// the clears, each of which would make their next hit write a line that every
// reading core then fetches again; on the Zipf load of BM_ShardedCacheMixed
// it halves the clears per insert and keeps the hit rate.) Exact LRU
// moves the entry to the head of a list on every hit, a write to shared lines
// that stops a shared cache from scaling; the ring has no list to update.
//
// Concurrency:
// - Each node's `version` is its lock: odd while a writer holds it. Readers
//   never take it; they copy the node with atomic loads (AtomicWords)
//   and keep the copy only if the version was even and unchanged around it.
// - The shard's ShardLock serialises changes to the key set (insert, evict,
//   erase, clear) and moves the hand. `seq_` is odd while the index slots
//   change. A hit needs no check of `seq_` (the node it found was indexed and
//   held the key while it was read); a miss does, because moving slots can
//   hide a present key from a concurrent probe.
// - Replacing the value of a present key takes only that node's lock, and
//   storing the bytes already there writes nothing.
// Lock order: shard lock, then node lock. Readers fall back to the shard lock
// after a few failed optimistic tries, so they cannot starve.
//
// Storage is reserved at construction (nodes, index): nothing is
// allocated after it. Not copyable or movable.
template <typename K, typename V>
class ClockShard {
  static_assert(kClockShardable<K, V>,
                "ClockShard copies keys and values optimistically: both must "
                "be trivially copyable, and keys compared by their bytes");

 public:
  ClockShard(std::size_t capacity, std::optional<TtlPolicy> ttl)
      : capacity_(checked_capacity(capacity)),
        index_(capacity_),
        node_storage_(new Node[capacity_]),
        passed_(new std::uint8_t[capacity_]()) {
    if (ttl) {
      check_ttl(*ttl);
      has_ttl_ = true;
      ttl_ns_ = ttl->ttl_ns;
      clock_ = std::move(ttl->clock);
    }
    nodes_ = node_storage_.get();
  }
  ClockShard(const ClockShard&) = delete;
  ClockShard& operator=(const ClockShard&) = delete;

  // Copies the value of `key` into `out` and returns true, or returns false
  // (then `out` is untouched). `hash` is the key's mixed 64-bit hash.
  bool get(const K& key, std::uint64_t hash, V& out) {
    std::optional<V> value;
    std::int64_t expires = 0;
    // A miss counts only from a probe made while seq_ stayed even and
    // unchanged; the first probe is made before reading seq_, so that a hit
    // does not touch seq_'s cache line at all.
    std::uint64_t seq = 1;  // odd: no window open yet
    for (int attempt = 0; attempt < kOptimisticAttempts; ++attempt) {
      const Found found = find(key, hash);
      if (found.node != kNil) {
        const Read read = read_entry(found.node, key, value, expires);
        if (read == Read::kHit) {
          if (has_ttl_ && expires <= clock_())
            break;  // the locked path drops it
          reference(nodes_[found.node]);
          out = *value;
          return true;
        }
        if (read == Read::kBusy) {
          cpu_relax();
          continue;
        }
      }
      if ((seq & 1) == 0) {
        if (seq_.load(std::memory_order_acquire) == seq) return false;
      }
      seq = seq_.load(std::memory_order_acquire);
      if ((seq & 1) != 0) cpu_relax();
    }
    std::lock_guard<ShardLock> lock(lock_);
    return get_locked(key, hash, out);
  }

  // Stores `value` (restarting its TTL). Returns true when the key was new; at
  // capacity that evicts an entry (see the class comment) and reuses its node.
  bool put(const K& key, const V& value, std::uint64_t hash) {
    const std::int64_t now = has_ttl_ ? clock_() : 0;
    const std::int64_t expires = has_ttl_ ? now + ttl_ns_ : 0;
    // A present key: replace its value under its node lock alone.
    for (int attempt = 0; attempt < kOptimisticAttempts; ++attempt) {
      const Found found = find(key, hash);
      if (found.node == kNil) break;  // decided under the shard lock
      Node& node = nodes_[found.node];
      if (!has_ttl_ && holds_already(node, key, value)) {
        reference(node);
        return false;
      }
      std::uint64_t version = node.version.load(std::memory_order_relaxed);
      if ((version & 1) != 0 || !try_lock_node(node, version)) {
        cpu_relax();
        continue;
      }
      // Only a holder of this lock changes the node's key or takes it out of
      // the index, so both checks hold until we unlock.
      if (node.indexed.load(std::memory_order_relaxed) == 0 ||
          !node.key.holds(key)) {
        unlock_node_unchanged(node, version);
        continue;
      }
      replace_value(node, version, value, expires);
      return false;
    }
    std::lock_guard<ShardLock> lock(lock_);
    const Found found = find(key, hash);  // stable: the key set is ours
    if (found.node != kNil) {
      Node& node = nodes_[found.node];
      replace_value(node, lock_node(node), value, expires);
      return false;
    }
    const std::uint32_t n = take_node();
    Node& node = nodes_[n];
    const std::uint64_t version = lock_node(node);
    const bool evicting = node.indexed.load(std::memory_order_relaxed) != 0;
    if (evicting) {
      if (has_ttl_ && node.expires_ns.load() <= now) {
        ++expirations_;
      } else {
        ++evictions_;
      }
    }
    const std::size_t old_slot = evicting ? slot_of_node(n) : 0;
    // The victim's key changes inside the index window: a probe for it that
    // skips the node must not validate as a miss before the new key is in.
    begin_change();
    node.key.store(key);
    node.value.store(value);
    node.expires_ns.store(expires);
    node.referenced.store(0, std::memory_order_relaxed);
    node.indexed.store(1, std::memory_order_release);
    if (evicting) index_.erase(old_slot);
    index_.insert(hash, n);
    end_change();
    node.tag = static_cast<std::uint32_t>(hash);
    unlock_node(node, version);
    if (!evicting) ++size_;
    ++insertions_;
    return true;
  }

  // Removes `key`; returns whether it was present (expired or not).
  bool erase(const K& key, std::uint64_t hash) {
    std::lock_guard<ShardLock> lock(lock_);
    const Found found = find(key, hash);
    if (found.node == kNil) return false;
    remove_locked(found);
    return true;
  }

  // Removes every entry for which pred(key, value) holds; returns how many.
  // pred runs under the shard lock and must not call back into the cache. If
  // it throws, the entries removed so far stay removed and the shard is left
  // consistent.
  template <typename Pred>
  std::size_t erase_if(Pred&& pred) {
    std::lock_guard<ShardLock> lock(lock_);
    std::size_t erased = 0;
    begin_change();
    for (std::uint32_t n = 0; n < used_; ++n) {
      Node& node = nodes_[n];
      if (node.indexed.load(std::memory_order_relaxed) == 0) continue;
      const std::uint64_t version = lock_node(node);
      const K key = node.key.load();
      const V value = node.value.load();
      bool drop = false;
      try {
        drop = pred(std::as_const(key), std::as_const(value));
      } catch (...) {
        unlock_node_unchanged(node, version);
        end_change();
        throw;
      }
      if (drop) {
        node.indexed.store(0, std::memory_order_release);
        index_.erase(slot_of_node(n));
        unlock_node(node, version);
        release(n);
        ++erased;
      } else {
        unlock_node_unchanged(node, version);
      }
    }
    end_change();
    return erased;
  }

  void clear() {
    std::lock_guard<ShardLock> lock(lock_);
    begin_change();
    for (std::uint32_t n = 0; n < used_; ++n) {
      Node& node = nodes_[n];
      const std::uint64_t version = lock_node(node);
      node.indexed.store(0, std::memory_order_release);
      unlock_node(node, version);
    }
    index_.clear();
    end_change();
    free_ = kNil;
    hand_ = 0;
    used_ = 0;
    size_ = 0;
  }

  std::size_t size() const {
    std::lock_guard<ShardLock> lock(lock_);
    return size_;
  }
  // Insertions, evictions and expirations; the ShardedLruCache counts hits and
  // misses itself.
  CacheStats stats() const {
    std::lock_guard<ShardLock> lock(lock_);
    return CacheStats{0, 0, insertions_, evictions_, expirations_};
  }
  void reset_stats() {
    std::lock_guard<ShardLock> lock(lock_);
    insertions_ = evictions_ = expirations_ = 0;
  }

 private:
  static constexpr std::uint32_t kNil = SlotIndex::kNil;
  static constexpr int kOptimisticAttempts = 8;
  static constexpr int kNodeLockSpins = 100;
  // Nodes the hand looks at before it sweeps (see take_node).
  static constexpr std::uint32_t kVictimWindow = 8;

  struct alignas(64) Node {
    std::atomic<std::uint64_t> version{0};    // the node's lock: odd when held
    std::atomic<std::uint8_t> indexed{0};     // in the index (under the lock)
    std::atomic<std::uint8_t> referenced{0};  // CLOCK's bit
    AtomicWords<K> key;
    AtomicWords<V> value;
    AtomicWords<std::int64_t> expires_ns;
    // Only shard-lock holders use these two.
    std::uint32_t tag = 0;           // low 32 bits of the key's hash
    std::uint32_t next_free = kNil;  // free list of erased nodes
  };
  using Found = SlotIndex::Found;
  enum class Read { kHit, kAbsent, kBusy };

  // A probe may run while a writer changes the index: node numbers are
  // bounds-checked, and what it finds is validated by read_entry (a hit) or
  // against seq_ (a miss).
  Found find(const K& key, std::uint64_t hash) const {
    return index_.find(hash, [&](std::uint32_t n) {
      return n < capacity_ && nodes_[n].key.holds(key);
    });
  }
  // Copies node n if, while it was read, it was unlocked, unchanged, indexed
  // and held `key`: then (key, value) was in the cache at that moment.
  Read read_entry(std::uint32_t n, const K& key, std::optional<V>& value,
                  std::int64_t& expires) const {
    const Node& node = nodes_[n];
    const std::uint64_t version = node.version.load(std::memory_order_acquire);
    if ((version & 1) != 0) return Read::kBusy;
    const bool indexed = node.indexed.load(std::memory_order_acquire) != 0;
    const bool same_key = node.key.holds(key);
    value = node.value.load();
    expires = node.expires_ns.load();
    if (node.version.load(std::memory_order_relaxed) != version)
      return Read::kBusy;
    return indexed && same_key ? Read::kHit : Read::kAbsent;
  }
  // Whether node n holds `key` with exactly `value`'s bytes (so a put has
  // nothing to write), validated like read_entry.
  static bool holds_already(const Node& node, const K& key, const V& value) {
    const std::uint64_t version = node.version.load(std::memory_order_acquire);
    if ((version & 1) != 0) return false;
    const bool same = node.indexed.load(std::memory_order_acquire) != 0 &&
                      node.key.holds(key) && node.value.holds(value);
    return same && node.version.load(std::memory_order_relaxed) == version;
  }

  std::size_t slot_of_node(std::uint32_t n) const {
    return index_.slot_of(nodes_[n].tag, n);
  }

  // Shard-lock holders bracket every change to the index slots.
  void begin_change() {
    seq_.store(seq_.load(std::memory_order_relaxed) + 1,
               std::memory_order_relaxed);
  }
  void end_change() {
    seq_.store(seq_.load(std::memory_order_relaxed) + 1,
               std::memory_order_release);
  }

  // Takes node's lock if its version is still the even `version`.
  static bool try_lock_node(Node& node, std::uint64_t version) {
    return node.version.compare_exchange_strong(version, version + 1,
                                                std::memory_order_acquire,
                                                std::memory_order_relaxed);
  }
  // Returns the (even) version before locking.
  static std::uint64_t lock_node(Node& node) {
    for (int spins = 0;; ++spins) {
      const std::uint64_t version =
          node.version.load(std::memory_order_relaxed);
      if ((version & 1) == 0 && try_lock_node(node, version)) return version;
      if (spins < kNodeLockSpins) {
        cpu_relax();
      } else {
        std::this_thread::yield();  // the holder may be descheduled
      }
    }
  }
  // After a change: a reader that overlapped it sees a new version.
  static void unlock_node(Node& node, std::uint64_t version) {
    node.version.store(version + 2, std::memory_order_release);
  }
  // Nothing was written: restoring the version spares readers a retry.
  static void unlock_node_unchanged(Node& node, std::uint64_t version) {
    node.version.store(version, std::memory_order_release);
  }
  // Node lock held (taken at `version`); releases it.
  static void replace_value(Node& node, std::uint64_t version, const V& value,
                            std::int64_t expires) {
    node.value.store(value);
    node.expires_ns.store(expires);
    unlock_node(node, version);
    reference(node);
  }
  static void reference(Node& node) {
    // Test first: a hot entry's bit is already set, and a store would pull
    // its cache line away from every other reader.
    if (node.referenced.load(std::memory_order_relaxed) == 0)
      node.referenced.store(1, std::memory_order_relaxed);
  }

  // Shard lock held. A miss is final: only shard-lock holders change the
  // index.
  bool get_locked(const K& key, std::uint64_t hash, V& out) {
    const Found found = find(key, hash);
    if (found.node == kNil) return false;
    Node& node = nodes_[found.node];
    const std::uint64_t version = lock_node(node);
    if (has_ttl_ && node.expires_ns.load() <= clock_()) {
      remove_locked(found, version);  // still holding the node lock
      ++expirations_;
      return false;
    }
    out = node.value.load();
    unlock_node_unchanged(node, version);
    reference(node);
    return true;
  }
  // Shard lock held: drops an indexed entry.
  void remove_locked(Found found) {
    remove_locked(found, lock_node(nodes_[found.node]));
  }
  void remove_locked(Found found, std::uint64_t version) {
    Node& node = nodes_[found.node];
    node.indexed.store(0, std::memory_order_release);
    begin_change();
    index_.erase(found.slot);
    end_change();
    unlock_node(node, version);
    release(found.node);
  }

  // A node for a new key: an erased one, a never-used one, or the victim of
  // the CLOCK hand (still indexed; the caller evicts it).
  std::uint32_t take_node() {
    const std::uint32_t n = find_node();
    passed_[n] = 0;
    return n;
  }
  std::uint32_t find_node() {
    if (free_ != kNil) {
      const std::uint32_t n = free_;
      free_ = nodes_[n].next_free;
      return n;
    }
    if (used_ < capacity_) return used_++;
    // First a look at the kVictimWindow nodes from the hand: the first one
    // not referenced is the victim; a referenced one it passes keeps its bit
    // the first time and loses it the second. Clearing a hot entry's bit
    // makes its next hit write the node's line, which the other cores reading
    // it must then fetch again; most victims are entries inserted and never
    // hit since, found without clearing anything. Clearing on the second
    // pass bounds the protection: an entry not hit again is evicted by the
    // hand's third visit.
    std::uint32_t look = hand_;
    for (std::uint32_t w = 0; w < kVictimWindow && w < capacity_; ++w) {
      if (nodes_[look].referenced.load(std::memory_order_relaxed) == 0) {
        // The referenced ones passed on the way: marked, or cleared if marked.
        for (std::uint32_t n = hand_; n != look;
             n = n + 1 == capacity_ ? 0 : n + 1) {
          if (passed_[n] != 0)
            nodes_[n].referenced.store(0, std::memory_order_relaxed);
          passed_[n] ^= 1;
        }
        hand_ = look + 1 == capacity_ ? 0 : look + 1;
        return look;
      }
      look = look + 1 == capacity_ ? 0 : look + 1;
    }
    // All referenced: the CLOCK sweep from the hand, clearing the bits it
    // passes (those of the window too), so that entries not hit since lose
    // their protection. After capacity_ steps every bit the hand met is clear;
    // the bound of two turns keeps readers that keep setting bits from stalling
    // a writer.
    for (std::uint32_t step = 0;; ++step) {
      const std::uint32_t n = hand_;
      hand_ = hand_ + 1 == capacity_ ? 0 : hand_ + 1;
      Node& node = nodes_[n];
      // (Every used node is indexed or on the free list, which is empty.)
      if (step >= 2 * capacity_ ||
          node.referenced.load(std::memory_order_relaxed) == 0) {
        return n;
      }
      node.referenced.store(0, std::memory_order_relaxed);
      passed_[n] = 0;
    }
  }
  // Puts a node whose slot is gone on the free list.
  void release(std::uint32_t n) {
    nodes_[n].next_free = free_;
    free_ = n;
    --size_;
  }

  // Writers' line: the lock, the hand and the counts.
  alignas(64) mutable ShardLock lock_;
  std::uint32_t hand_ = 0;     // the CLOCK hand: next node it considers
  std::uint32_t free_ = kNil;  // nodes released by erase / expiry
  std::uint32_t used_ = 0;     // nodes handed out at least once
  std::uint32_t size_ = 0;
  std::uint64_t insertions_ = 0;
  std::uint64_t evictions_ = 0;
  std::uint64_t expirations_ = 0;
  // What every lookup reads; never written after construction.
  alignas(64) std::uint32_t capacity_;
  SlotIndex index_;
  Node* nodes_ = nullptr;
  bool has_ttl_ = false;
  std::int64_t ttl_ns_ = 0;
  ClockFn clock_;
  // The index sequence, on a line of its own: written twice per change of
  // the index slots, read by misses only.
  alignas(64) std::atomic<std::uint64_t> seq_{0};
  // Ownership.
  std::unique_ptr<Node[]> node_storage_;
  // Per node, written by the shard lock's holder only (never read by gets, so
  // apart from the nodes' lines): 1 when the look-ahead has passed the node's
  // referenced entry once without clearing its bit.
  std::unique_ptr<std::uint8_t[]> passed_;
};

}  // namespace marketbench::cache::detail
