#pragma once

#include <cstdint>

namespace marketbench::market {

// Token-bucket rate limit on virtual time: `rate` tokens per second refill a
// bucket of `burst` tokens, which starts full; each request takes one token.
// Nothing waits: acquire() says when the request may go, and the caller moves
// its core::VirtualClock there. After the burst, N requests take N / rate
// seconds.
class TokenBucket {
 public:
  // Throws unless rate_per_second > 0 and burst >= 1 (both finite), naming
  // the bad value.
  TokenBucket(double rate_per_second, double burst);

  // Takes one token for a request made at now_ns and returns the time at
  // which it may be sent (>= now_ns). Calls must not go back in time.
  std::int64_t acquire(std::int64_t now_ns);

  // Full bucket at time 0.
  void reset();

  double rate_per_second() const { return rate_per_ns_ * 1e9; }
  double burst() const { return burst_; }
  // Tokens available at the time of the last acquire (after taking one).
  double tokens() const { return tokens_; }

 private:
  double rate_per_ns_;
  double burst_;
  double tokens_;
  std::int64_t last_ns_ = 0;
};

}  // namespace marketbench::market
