#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace marketbench::cache::detail {

inline constexpr std::uint32_t kMaxStripes = 16;

// A thread's stripe. A thread claims the lowest free one of kMaxStripes
// stripes the first time it counts and frees it when it exits, so up to
// kMaxStripes live threads never share one, however many threads come and go
// (Google Benchmark starts new threads for every run). Threads beyond that
// all share one more stripe, index kMaxStripes, with atomic adds: still exact,
// only slower. The release at thread exit is a pthread key destructor, not a
// thread_local object with a destructor (whose registration allocates);
// glibc allocates only if the process already uses 32 or more keys, once per
// thread.
struct StripeClaim {
  std::uint32_t index = kUnclaimed;
  // True when no other live thread uses the stripe: its owner may then add
  // with a plain load and store instead of a locked read-modify-write.
  bool exclusive = false;
  static constexpr std::uint32_t kUnclaimed = 0xffffffffu;
};
StripeClaim claim_stripe();  // sets this_thread_claim
inline thread_local StripeClaim this_thread_claim;

inline StripeClaim this_thread_stripe() {
  if (this_thread_claim.index == StripeClaim::kUnclaimed) return claim_stripe();
  return this_thread_claim;
}

// Hit and miss counts that many threads bump without sharing a cache line:
// each thread adds to its own 64-byte stripe, and reads sum the stripes. The
// totals are exact. A read concurrent with updates sees some of them, and a
// reset() concurrent with updates may miss some (reset when quiet).
class HitCounters {
 public:
  void count(bool hit) {
    const StripeClaim claim = this_thread_stripe();
    Stripe& s = (*stripes_)[claim.index];
    std::atomic<std::uint64_t>& counter = hit ? s.hits : s.misses;
    if (claim.exclusive) {
      // Only this thread writes the stripe: no lock prefix, which would also
      // wait for every earlier load to finish.
      counter.store(counter.load(std::memory_order_relaxed) + 1,
                    std::memory_order_relaxed);
    } else {
      counter.fetch_add(1, std::memory_order_relaxed);
    }
  }

  std::uint64_t hits() const {
    std::uint64_t total = 0;
    for (const Stripe& s : *stripes_)
      total += s.hits.load(std::memory_order_relaxed);
    return total;
  }
  std::uint64_t misses() const {
    std::uint64_t total = 0;
    for (const Stripe& s : *stripes_)
      total += s.misses.load(std::memory_order_relaxed);
    return total;
  }
  void reset() {
    for (Stripe& s : *stripes_) {
      s.hits.store(0, std::memory_order_relaxed);
      s.misses.store(0, std::memory_order_relaxed);
    }
  }

 private:
  struct alignas(64) Stripe {
    std::atomic<std::uint64_t> hits{0};
    std::atomic<std::uint64_t> misses{0};
  };

  // On the heap, so the counters (and the cache holding them) stay movable.
  std::unique_ptr<std::array<Stripe, kMaxStripes + 1>> stripes_ =
      std::make_unique<std::array<Stripe, kMaxStripes + 1>>();
};

}  // namespace marketbench::cache::detail
