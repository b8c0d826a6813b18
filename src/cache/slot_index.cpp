#include "marketbench/cache/detail/slot_index.hpp"

namespace marketbench::cache::detail {

std::size_t index_slots_for(std::uint32_t capacity) {
  std::size_t slots = 2;
  while (slots < 2 * static_cast<std::size_t>(capacity)) slots *= 2;
  return slots;
}

SlotIndex::SlotIndex(std::uint32_t capacity)
    : slots_(new std::uint64_t[index_slots_for(capacity)]),
      mask_(static_cast<std::uint32_t>(index_slots_for(capacity) - 1)) {
  for (std::size_t i = 0; i <= mask_; ++i) slots_[i] = kEmpty;
}

}  // namespace marketbench::cache::detail
