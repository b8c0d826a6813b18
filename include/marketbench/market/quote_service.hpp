#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/core/virtual_clock.hpp"
#include "marketbench/core/weighted_choice.hpp"
#include "marketbench/market/market.hpp"
#include "marketbench/market/ohlcv.hpp"
#include "marketbench/market/symbol_index.hpp"
#include "marketbench/market/token_bucket.hpp"

namespace marketbench::market {

// Why a symbol has no quote. kNone means it has one.
enum class FailureReason : std::uint8_t {
  kNone,
  kTimeout,          // the last request for it timed out
  kServerError,      // the last request for it got a server error
  kPartialResponse,  // the last request answered for other symbols only
};
// A short fixed description ("timeout", ...); never allocates.
std::string_view to_string(FailureReason reason);

// The answer for one symbol: a quote, or the reason there is none after all
// attempts.
struct QuoteResult {
  Bar bar;  // valid only if ok()
  StockId id = 0;
  FailureReason failure = FailureReason::kNone;
  std::uint8_t attempts = 0;  // requests that asked for this symbol

  bool ok() const { return failure == FailureReason::kNone; }
  std::string_view reason_text() const { return to_string(failure); }
};

// The behaviour of the simulated market-data API. Times are virtual.
struct QuoteServiceConfig {
  static constexpr std::size_t kMaxBatchLimit = 1'000'000;
  std::size_t max_batch = 100;              // symbols per request
  double requests_per_second = 20.0;        // token-bucket refill rate
  double burst = 20.0;                      // token-bucket size
  std::int64_t latency_ns = 50'000'000;     // round trip of an answered request
  std::int64_t timeout_ns = 2'000'000'000;  // what a timed-out request costs
  double failure_probability = 0.0;         // per request, in [0, 1]
  // Relative weights of the fault kinds: timeout, server error, partial.
  std::array<double, 3> fault_weights = {1.0, 1.0, 1.0};
  int max_attempts = 4;  // per symbol, the first request included; 1..255
  std::int64_t backoff_initial_ns = 250'000'000;  // before the first retry
  double backoff_multiplier = 2.0;
  std::int64_t backoff_max_ns = 8'000'000'000;
  std::uint64_t seed = 1;  // fault stream
};

struct QuoteServiceStats {
  std::uint64_t requests = 0;           // every request sent, retries included
  std::uint64_t retries = 0;            // requests after the first of a fetch
  std::uint64_t failed_requests = 0;    // requests hit by a fault
  std::uint64_t symbols_requested = 0;  // symbols passed to fetch
  std::uint64_t failed_symbols = 0;     // still without a quote at the end
  std::int64_t throttled_ns = 0;        // virtual time spent on rate limit
  double virtual_seconds = 0;           // virtual time since reset()
};

// Stand-in for a market-data API serving quotes from a generated Market: a
// quote is the stock's bar of the served day (by default the market's latest
// day). Requests are rate limited by a token bucket and cost latency on a
// virtual clock; faults are drawn from a seeded stream; a fetch retries what
// is missing with exponential backoff. Nothing sleeps. Not thread-safe: one
// client session.
class QuoteService {
 public:
  // market and index must outlive the service; the index must hold the
  // market's symbols. Throws on a bad config value, naming it.
  QuoteService(const Market& market, const SymbolIndex& index,
               QuoteServiceConfig config = {});

  const QuoteServiceConfig& config() const { return config_; }
  const SymbolIndex& index() const { return index_; }

  // Serve day d from now on (throws if d >= market.days()), or the market's
  // latest day whatever it is at the time of each fetch (the default).
  void serve_day(std::size_t d);
  void serve_latest_day() { served_day_.reset(); }

  // Quotes for 1..max_batch symbols: out[i] answers symbols[i]. Unknown
  // symbols, an empty or oversized batch, or out.size() < symbols.size()
  // throw before anything is sent.
  void fetch(std::span<const std::string> symbols, std::span<QuoteResult> out);
  // The same for results whose `id` is already set (the bulk query resolves
  // symbols once); fills every other field.
  void fetch_ids(std::span<QuoteResult> batch);

  QuoteServiceStats stats() const;
  const core::VirtualClock& clock() const { return clock_; }
  // A rested API: clock at 0, full token bucket, stats zeroed. The fault
  // stream goes on (a new service with the same seed replays it) and the
  // served day is kept.
  void reset();

 private:
  enum class Outcome { kAnswered, kTimeout, kServerError, kPartial };
  Outcome send_request();
  std::span<const Bar> served_bars() const;

  const Market& market_;
  const SymbolIndex& index_;
  QuoteServiceConfig config_;
  core::WeightedChoice faults_;
  core::Xoshiro256StarStar rng_;
  TokenBucket bucket_;
  core::VirtualClock clock_;
  QuoteServiceStats stats_;
  std::optional<std::size_t> served_day_;
  std::vector<std::uint32_t> pending_;  // indices into the batch, reused
};

}  // namespace marketbench::market
