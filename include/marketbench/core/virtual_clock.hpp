#pragma once

#include <cstdint>
#include <stdexcept>

namespace marketbench::core {

// Simulated time in nanoseconds. Nothing in marketbench sleeps: a component
// that would wait (a rate limit, a retry backoff) advances this clock instead.
class VirtualClock {
 public:
  std::int64_t now_ns() const { return now_ns_; }
  double now_seconds() const { return static_cast<double>(now_ns_) * 1e-9; }
  void advance(std::int64_t ns) {
    if (ns < 0)
      throw std::invalid_argument(
          "VirtualClock: cannot advance by a negative amount");
    now_ns_ += ns;
  }
  // Moves to t if t is later than now; time never goes backwards.
  void advance_to(std::int64_t t_ns) {
    if (t_ns > now_ns_) now_ns_ = t_ns;
  }

 private:
  std::int64_t now_ns_ = 0;
};

}  // namespace marketbench::core
