#include "marketbench/cache/lru_cache.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace marketbench::cache {

TtlPolicy TtlPolicy::on(const core::VirtualClock& clock, std::int64_t ttl_ns) {
  return TtlPolicy{ttl_ns, [&clock] { return clock.now_ns(); }};
}

namespace detail {

std::uint32_t checked_capacity(std::size_t capacity) {
  if (capacity == 0 || capacity > kMaxCapacity) {
    throw std::invalid_argument(
        fmt::format("LruCache: capacity must be in [1, {}] entries (got {})",
                    kMaxCapacity, capacity));
  }
  return static_cast<std::uint32_t>(capacity);
}

void check_ttl(const TtlPolicy& ttl) {
  if (ttl.ttl_ns <= 0)
    throw std::invalid_argument(
        fmt::format("LruCache: ttl_ns must be > 0 (got {})", ttl.ttl_ns));
  if (!ttl.clock)
    throw std::invalid_argument(
        "LruCache: a TTL needs a clock (TtlPolicy::clock is empty)");
}

}  // namespace detail
}  // namespace marketbench::cache
