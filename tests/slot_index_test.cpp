#include "marketbench/cache/detail/slot_index.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace marketbench::cache::detail {
namespace {

// Hashes whose low bits are equal share a home slot.
constexpr std::uint64_t kSameHome = std::uint64_t{1} << 20;

SlotIndex::Found find(const SlotIndex& index, std::uint64_t hash,
                      std::uint32_t node) {
  return index.find(hash, [&](std::uint32_t n) { return n == node; });
}

TEST(SlotIndex, SizedForHalfLoad) {
  EXPECT_EQ(index_slots_for(1), 2u);
  EXPECT_EQ(index_slots_for(3), 8u);
  EXPECT_EQ(index_slots_for(4), 8u);
  EXPECT_EQ(index_slots_for(5), 16u);
}

// Three entries with one home probe a run; erasing the first pulls the
// others back, so both stay reachable and the run ends where it should.
TEST(SlotIndex, BackwardShiftKeepsTheProbeRunReachable) {
  SlotIndex index(8);  // 16 slots
  const std::uint64_t h0 = 5, h1 = 5 + kSameHome, h2 = 5 + 2 * kSameHome;
  index.insert(h0, 0);
  index.insert(h1, 1);
  index.insert(h2, 2);
  EXPECT_EQ(find(index, h2, 2).slot, 7u);
  EXPECT_EQ(index.slot_of(static_cast<std::uint32_t>(h1), 1), 6u);
  index.erase(find(index, h0, 0).slot);
  EXPECT_EQ(find(index, h0, 0).node, SlotIndex::kNil);
  EXPECT_EQ(find(index, h1, 1).slot, 5u);
  EXPECT_EQ(find(index, h2, 2).slot, 6u);
  index.clear();
  EXPECT_EQ(find(index, h1, 1).node, SlotIndex::kNil);
}

// A tag match alone is not a hit: is_key decides.
TEST(SlotIndex, TagMatchNeedsTheKey) {
  SlotIndex index(4);
  index.insert(9, 3);
  EXPECT_EQ(find(index, 9, 3).node, 3u);
  EXPECT_EQ(find(index, 9, 4).node, SlotIndex::kNil);
}

}  // namespace
}  // namespace marketbench::cache::detail
