#pragma once

#include <atomic>
#include <cstdint>

namespace marketbench::cache {

// Tells the CPU this is a spin-wait loop (x86 PAUSE, ARM YIELD).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// A 4-byte mutex for critical sections of a few dozen nanoseconds (one LRU
// operation). It is small enough to share a cache line with the data it
// guards, so an uncontended operation moves one line between cores, where a
// 40-byte std::mutex would push the guarded fields onto a second line.
// Uncontended: one compare-exchange to lock, one exchange to unlock. A waiter
// spins briefly (the holder is about to finish), then sleeps on the futex
// (std::atomic::wait), so many threads on few cores do not burn the holder's
// time slice. The classic three-state futex mutex (Drepper, "Futexes Are
// Tricky", mutex 3).
class ShardLock {
 public:
  void lock() {
    std::uint32_t expected = kFree;
    if (!state_.compare_exchange_strong(expected, kLocked,
                                        std::memory_order_acquire,
                                        std::memory_order_relaxed)) {
      lock_contended();
    }
  }
  bool try_lock() {
    std::uint32_t expected = kFree;
    return state_.compare_exchange_strong(expected, kLocked,
                                          std::memory_order_acquire,
                                          std::memory_order_relaxed);
  }
  void unlock() {
    if (state_.exchange(kFree, std::memory_order_release) == kContended)
      state_.notify_one();
  }

 private:
  static constexpr std::uint32_t kFree = 0;
  static constexpr std::uint32_t kLocked = 1;
  static constexpr std::uint32_t kContended =
      2;  // locked, and someone may be asleep
  static constexpr int kSpins = 100;

  void lock_contended() {
    for (int i = 0; i < kSpins; ++i) {
      cpu_relax();
      std::uint32_t expected = kFree;
      if (state_.load(std::memory_order_relaxed) == kFree &&
          state_.compare_exchange_weak(expected, kLocked,
                                       std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
        return;
      }
    }
    // Taking the lock as kContended (not kLocked) is conservative: our unlock
    // then wakes a possible other sleeper.
    while (state_.exchange(kContended, std::memory_order_acquire) != kFree) {
      state_.wait(kContended, std::memory_order_relaxed);
    }
  }
  std::atomic<std::uint32_t> state_{kFree};
};

}  // namespace marketbench::cache
