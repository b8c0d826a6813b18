#include "marketbench/cache/detail/hit_counters.hpp"

#include <pthread.h>

#include <array>
#include <atomic>
#include <cstdint>

namespace marketbench::cache::detail {
namespace {

std::array<std::atomic<bool>, kMaxStripes> stripe_taken{};

// Runs at the exit of a thread that owned a stripe (value: index + 1).
// release: the stripe's next owner sees the last count stored by this one.
void release_stripe(void* value) {
  const auto index = reinterpret_cast<std::uintptr_t>(value) - 1;
  this_thread_claim = StripeClaim{kMaxStripes, false};
  stripe_taken[index].store(false, std::memory_order_release);
}

pthread_key_t stripe_key() {
  static const pthread_key_t key = [] {
    pthread_key_t k;
    // Fails only when the process is out of keys; then claimed stripes are
    // never released and later threads share the overflow stripe.
    if (pthread_key_create(&k, release_stripe) != 0) k = PTHREAD_KEYS_MAX;
    return k;
  }();
  return key;
}

}  // namespace

StripeClaim claim_stripe() {
  const pthread_key_t key = stripe_key();
  StripeClaim claim{kMaxStripes, false};
  if (key != PTHREAD_KEYS_MAX) {
    for (std::uint32_t i = 0; i < kMaxStripes; ++i) {
      bool expected = false;
      if (stripe_taken[i].compare_exchange_strong(expected, true,
                                                  std::memory_order_acquire)) {
        if (pthread_setspecific(
                key, reinterpret_cast<void*>(std::uintptr_t{i} + 1)) != 0) {
          // No release at exit could be arranged: give the stripe back.
          stripe_taken[i].store(false, std::memory_order_release);
          break;
        }
        claim = StripeClaim{i, true};
        break;
      }
    }
  }
  this_thread_claim = claim;
  return claim;
}

}  // namespace marketbench::cache::detail
