// The memory model of scripts/cache_transfers: two cores with unbounded
// private caches. Every access to a ClockShard's shared memory (node, index
// slot, lock, sequence, look-ahead mark) is reported through sim::touch by
// the instrumented copies of the headers that patch.py writes. A read of a
// line the core does not hold, while the other core holds it, is a read
// transfer (the reader stalls for the other core's copy); a write to a line
// the other core holds is an invalidation (the writer must take it away).
// Lines first touched are not counted (a fetch from memory, not the other
// core). Not part of the library; only the replay includes it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace sim {

inline bool g_on = false;  // counting (after the warm-up)
inline int g_core = 0;     // the logical thread now running
// What the running code is doing, for the node lines' breakdown.
enum Phase {
  kGet,
  kPutPresent,
  kPutLocked,
  kFindVictim,
  kWriteVictim,
  kSweep,
  kRefSet,
  kPhases
};
inline const char* const kPhaseNames[kPhases] = {"get",
                                                 "put of a present key",
                                                 "put under the lock",
                                                 "look-ahead",
                                                 "victim written",
                                                 "sweep",
                                                 "reference bit set"};
inline Phase g_phase = kGet;

struct Range {
  std::uintptr_t lo, hi;
  std::size_t cls;
};
inline std::vector<std::string> g_classes{"other"};
inline std::vector<Range> g_ranges;
struct Counts {
  std::uint64_t reads = 0, writes = 0;
};
inline std::vector<Counts> g_counts(1);  // one per class
inline std::uint64_t g_node_phase[kPhases][2] = {};
inline std::uint64_t g_sets = 0, g_clears = 0;
inline std::unordered_map<std::uintptr_t, std::uint8_t> g_lines;

// Names a range of memory (one class per name, e.g. "node").
inline void reg(const void* p, std::size_t bytes, const char* name) {
  std::size_t cls = 0;
  while (cls < g_classes.size() && g_classes[cls] != name) ++cls;
  if (cls == g_classes.size()) {
    g_classes.emplace_back(name);
    g_counts.resize(g_classes.size());
  }
  const auto lo = reinterpret_cast<std::uintptr_t>(p);
  g_ranges.push_back({lo, lo + bytes, cls});
}
inline std::size_t classify(std::uintptr_t a) {
  for (const Range& r : g_ranges)
    if (a >= r.lo && a < r.hi) return r.cls;
  return 0;
}

inline void touch(const volatile void* p, bool write) {
  if (!g_on) return;
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  std::uint8_t& holders = g_lines[a >> 6];
  const std::uint8_t me = 1 << g_core, other = 1 << (g_core ^ 1);
  bool transfer = false;
  if (!write) {
    if ((holders & me) != 0) return;
    transfer = (holders & other) != 0;
    holders |= me;
  } else {
    transfer = (holders & other) != 0;
    holders = me;
  }
  if (!transfer) return;
  const std::size_t cls = classify(a);
  (write ? g_counts[cls].writes : g_counts[cls].reads) += 1;
  if (g_classes[cls] == "node") g_node_phase[g_phase][write ? 1 : 0] += 1;
}

// std::atomic whose accesses are reported.
template <typename T>
struct Atomic : std::atomic<T> {
  using std::atomic<T>::atomic;
  T load(std::memory_order o = std::memory_order_seq_cst) const {
    touch(this, false);
    return std::atomic<T>::load(o);
  }
  void store(T v, std::memory_order o = std::memory_order_seq_cst) {
    touch(this, true);
    std::atomic<T>::store(v, o);
  }
  bool compare_exchange_strong(T& e, T d, std::memory_order a,
                               std::memory_order b) {
    touch(this, true);
    return std::atomic<T>::compare_exchange_strong(e, d, a, b);
  }
  bool compare_exchange_weak(T& e, T d, std::memory_order a,
                             std::memory_order b) {
    touch(this, true);
    return std::atomic<T>::compare_exchange_weak(e, d, a, b);
  }
  T exchange(T v, std::memory_order o) {
    touch(this, true);
    return std::atomic<T>::exchange(v, o);
  }
};

}  // namespace sim
