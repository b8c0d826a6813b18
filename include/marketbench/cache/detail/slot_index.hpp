#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace marketbench::cache::detail {

// Number of index slots for a capacity: a power of two >= 2 * capacity, so the
// load factor stays <= 1/2 and linear probes stay short.
std::size_t index_slots_for(std::uint32_t capacity);

// The hash index of LruCache and ClockShard: open addressing from a key's
// 64-bit hash to a 32-bit node number, linear probing, backward-shift deletion
// (no tombstones), at most half full.
//
// A slot is one 64-bit word, (tag << 32) | node, where the tag is the low 32
// bits of the hash: the slot's home is tag & mask (mask < 2^32), and comparing
// tags first skips most key comparisons. Slots are read with acquire loads and
// written with release stores through std::atomic_ref, so that ClockShard's
// readers may probe while its writer changes the index (they validate what
// they find); single-threaded, on x86-64, these are plain movs.
class SlotIndex {
 public:
  static constexpr std::uint32_t kNil = 0xffffffffu;  // no node
  struct Found {
    std::size_t slot;
    std::uint32_t node;  // kNil when not found
  };

  SlotIndex() = default;  // no slots; assign a sized one before use
  explicit SlotIndex(std::uint32_t capacity);

  // The first slot in `hash`'s probe run whose tag matches and whose node
  // satisfies is_key(node). The probe is bounded by the table size, so a
  // reader racing a writer cannot loop forever.
  template <typename IsKey>
  Found find(std::uint64_t hash, IsKey&& is_key) const {
    const auto tag = static_cast<std::uint32_t>(hash);
    std::size_t i = hash & mask_;
    for (std::size_t step = 0; step <= mask_; ++step, i = (i + 1) & mask_) {
      const std::uint64_t slot = load(i);
      const std::uint32_t n = node_of(slot);
      if (n == kNil) break;
      if (tag_of(slot) == tag && is_key(n)) return Found{i, n};
    }
    return Found{0, kNil};
  }
  // The slot holding `node`, whose hash has low 32 bits `tag`; it must be in.
  std::size_t slot_of(std::uint32_t tag, std::uint32_t node) const {
    std::size_t i = tag & mask_;
    while (node_of(load(i)) != node) i = (i + 1) & mask_;
    return i;
  }
  void insert(std::uint64_t hash, std::uint32_t node) {
    std::size_t i = hash & mask_;
    while (node_of(load(i)) != kNil) i = (i + 1) & mask_;
    store(i, (std::uint64_t{static_cast<std::uint32_t>(hash)} << 32) | node);
  }
  // Empties `hole`, pulling later members of its probe run back while that
  // keeps them reachable from their home slot.
  void erase(std::size_t hole) {
    for (std::size_t j = (hole + 1) & mask_;; j = (j + 1) & mask_) {
      const std::uint64_t slot = load(j);
      if (node_of(slot) == kNil) break;
      const std::size_t home = tag_of(slot) & mask_;
      if (((j - hole) & mask_) <= ((j - home) & mask_)) {
        store(hole, slot);
        hole = j;
      }
    }
    store(hole, kEmpty);
  }
  void clear() {
    for (std::size_t i = 0; i <= mask_; ++i) store(i, kEmpty);
  }

 private:
  static constexpr std::uint64_t kEmpty = kNil;  // tag 0, node kNil

  static std::uint32_t node_of(std::uint64_t slot) {
    return static_cast<std::uint32_t>(slot);
  }
  static std::uint32_t tag_of(std::uint64_t slot) {
    return static_cast<std::uint32_t>(slot >> 32);
  }
  std::uint64_t load(std::size_t i) const {
    return std::atomic_ref<std::uint64_t>(slots_[i]).load(
        std::memory_order_acquire);
  }
  void store(std::size_t i, std::uint64_t slot) {
    std::atomic_ref<std::uint64_t>(slots_[i]).store(slot,
                                                    std::memory_order_release);
  }

  std::unique_ptr<std::uint64_t[]> slots_;
  std::uint32_t mask_ = 0;
};

}  // namespace marketbench::cache::detail
