#pragma once

#include <cstdint>
#include <optional>

namespace marketbench::metrics {

// True when this binary was linked with jemalloc (MB_HAVE_JEMALLOC) and
// jemalloc answers mallctl. False in sanitizer builds, which bring their own
// allocator; callers must then say so rather than report zeros.
bool jemalloc_available();

// Why jemalloc counters are unavailable (empty when they are available).
const char* jemalloc_unavailable_reason();

struct AllocationSnapshot {
  std::uint64_t allocated = 0;    // bytes this thread has ever allocated
  std::uint64_t deallocated = 0;  // bytes this thread has ever freed
};

struct AllocationDelta {
  std::uint64_t allocated = 0;
  std::uint64_t deallocated = 0;
  std::int64_t net() const {
    return static_cast<std::int64_t>(allocated) -
           static_cast<std::int64_t>(deallocated);
  }
};

// jemalloc's per-thread allocation counters (thread.allocatedp /
// thread.deallocatedp), resolved once in the constructor and then read through
// the pointers, so a snapshot is two loads and never allocates. An object
// belongs to the thread that built it. Throws std::runtime_error when
// jemalloc is unavailable.
class ThreadAllocations {
 public:
  ThreadAllocations();
  AllocationSnapshot snapshot() const { return {*allocated_, *deallocated_}; }
  AllocationDelta since(const AllocationSnapshot& start) const {
    const AllocationSnapshot now = snapshot();
    return {now.allocated - start.allocated,
            now.deallocated - start.deallocated};
  }

 private:
  const std::uint64_t* allocated_ = nullptr;
  const std::uint64_t* deallocated_ = nullptr;
};

// Process-wide heap statistics, refreshed through jemalloc's `epoch`.
struct HeapStats {
  std::uint64_t allocated = 0;  // bytes in live allocations
  std::uint64_t active = 0;     // bytes in active pages
  std::uint64_t resident =
      0;  // bytes physically resident in allocator-owned pages
  // std::nullopt when jemalloc is unavailable.
  static std::optional<HeapStats> read();
};

// This thread's peak of (allocated - deallocated) since the last reset
// (jemalloc `thread.peak.*`, jemalloc >= 5.3).
void reset_thread_peak();
std::optional<std::uint64_t> thread_peak_bytes();

}  // namespace marketbench::metrics
