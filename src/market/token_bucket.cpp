#include "marketbench/market/token_bucket.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace marketbench::market {

TokenBucket::TokenBucket(double rate_per_second, double burst)
    : rate_per_ns_(rate_per_second * 1e-9), burst_(burst), tokens_(burst) {
  if (!std::isfinite(rate_per_second) || rate_per_second <= 0) {
    throw std::invalid_argument(fmt::format(
        "TokenBucket: rate must be > 0 requests/s (got {})", rate_per_second));
  }
  if (!std::isfinite(burst) || burst < 1) {
    throw std::invalid_argument(
        fmt::format("TokenBucket: burst must be >= 1 (got {})", burst));
  }
}

std::int64_t TokenBucket::acquire(std::int64_t now_ns) {
  const std::int64_t now = std::max(now_ns, last_ns_);
  tokens_ = std::min(
      burst_, tokens_ + static_cast<double>(now - last_ns_) * rate_per_ns_);
  last_ns_ = now;
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return now;
  }
  // Wait until the missing fraction of a token has dripped in (rounded up to
  // whole nanoseconds, so the token is really there), then spend it.
  const auto wait =
      static_cast<std::int64_t>(std::ceil((1.0 - tokens_) / rate_per_ns_));
  const std::int64_t at = now + wait;
  tokens_ = std::max(0.0, std::min(burst_, tokens_ + static_cast<double>(wait) *
                                                         rate_per_ns_) -
                              1.0);
  last_ns_ = at;
  return at;
}

void TokenBucket::reset() {
  tokens_ = burst_;
  last_ns_ = 0;
}

}  // namespace marketbench::market
