#include "marketbench/market/quote_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/enum_names.hpp"

namespace marketbench::market {

std::string_view to_string(FailureReason reason) {
  static constexpr auto kNames = core::enum_names<FailureReason>(
      {{FailureReason::kNone, "ok"},
       {FailureReason::kTimeout, "timeout"},
       {FailureReason::kServerError, "server error"},
       {FailureReason::kPartialResponse, "missing from a partial response"}},
      "unknown failure");
  return kNames(reason);
}

namespace {

[[noreturn]] void bad_config(std::string_view what) {
  throw std::invalid_argument(fmt::format("QuoteService: {}", what));
}

const QuoteServiceConfig& validated(const QuoteServiceConfig& c) {
  if (c.max_batch == 0 || c.max_batch > QuoteServiceConfig::kMaxBatchLimit) {
    bad_config(fmt::format("max_batch must be in [1, {}] (got {})",
                           QuoteServiceConfig::kMaxBatchLimit, c.max_batch));
  }
  if (!(c.failure_probability >= 0.0 && c.failure_probability <= 1.0)) {
    bad_config(fmt::format("failure_probability must be in [0, 1] (got {})",
                           c.failure_probability));
  }
  if (c.max_attempts < 1 || c.max_attempts > 255) {
    bad_config(fmt::format("max_attempts must be in [1, 255] (got {})",
                           c.max_attempts));
  }
  if (c.latency_ns < 0) {
    bad_config(fmt::format("latency_ns must be >= 0 (got {})", c.latency_ns));
  }
  if (c.timeout_ns < 0) {
    bad_config(fmt::format("timeout_ns must be >= 0 (got {})", c.timeout_ns));
  }
  if (c.backoff_initial_ns < 0) {
    bad_config(fmt::format("backoff_initial_ns must be >= 0 (got {})",
                           c.backoff_initial_ns));
  }
  if (!(c.backoff_multiplier >= 1.0) || !std::isfinite(c.backoff_multiplier)) {
    bad_config(
        fmt::format("backoff_multiplier must be finite and >= 1 (got {})",
                    c.backoff_multiplier));
  }
  if (c.backoff_max_ns < c.backoff_initial_ns) {
    bad_config(
        fmt::format("backoff_max_ns must be >= backoff_initial_ns {} (got {})",
                    c.backoff_initial_ns, c.backoff_max_ns));
  }
  return c;
}

core::WeightedChoice fault_choice(const QuoteServiceConfig& c) {
  try {
    return core::WeightedChoice(c.fault_weights);
  } catch (const std::invalid_argument& e) {
    bad_config(fmt::format("fault_weights [{}, {}, {}]: {}", c.fault_weights[0],
                           c.fault_weights[1], c.fault_weights[2], e.what()));
  }
}

TokenBucket rate_limit(const QuoteServiceConfig& c) {
  try {
    return TokenBucket(c.requests_per_second, c.burst);
  } catch (const std::invalid_argument& e) {
    bad_config(e.what());
  }
}

}  // namespace

QuoteService::QuoteService(const Market& market, const SymbolIndex& index,
                           QuoteServiceConfig config)
    : market_(market),
      index_(index),
      config_(validated(config)),
      faults_(fault_choice(config_)),
      rng_(config_.seed),
      bucket_(rate_limit(config_)) {
  if (index.size() != market.stocks()) {
    bad_config(fmt::format("index has {} symbols but the market has {} stocks",
                           index.size(), market.stocks()));
  }
  for (StockId id = 0; id < market.stocks(); ++id) {
    if (index.symbol(id) != market.symbols()[id]) {
      bad_config(fmt::format(
          "index symbol '{}' of stock {} differs from the market's '{}'",
          index.symbol(id), id, market.symbols()[id]));
    }
  }
  pending_.reserve(config_.max_batch);
}

void QuoteService::serve_day(std::size_t d) {
  if (d >= market_.days()) {
    throw std::out_of_range(fmt::format(
        "QuoteService::serve_day: day {} out of range (market has {} days)", d,
        market_.days()));
  }
  served_day_ = d;
}

std::span<const Bar> QuoteService::served_bars() const {
  return served_day_ ? market_.day(*served_day_) : market_.latest_day();
}

void QuoteService::fetch(std::span<const std::string> symbols,
                         std::span<QuoteResult> out) {
  if (symbols.empty() || symbols.size() > config_.max_batch) {
    throw std::invalid_argument(
        fmt::format("QuoteService::fetch: batch of {} symbols (must be 1..{})",
                    symbols.size(), config_.max_batch));
  }
  if (out.size() < symbols.size()) {
    throw std::invalid_argument(
        fmt::format("QuoteService::fetch: output holds {} results for {} "
                    "symbols",
                    out.size(), symbols.size()));
  }
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    out[i].id = index_.at(symbols[i]);
  }
  fetch_ids(out.first(symbols.size()));
}

QuoteService::Outcome QuoteService::send_request() {
  const std::int64_t now = clock_.now_ns();
  const std::int64_t send_at = bucket_.acquire(now);
  stats_.throttled_ns += send_at - now;
  clock_.advance_to(send_at);
  ++stats_.requests;
  // One uniform per request whatever happens, so the fault stream does not
  // shift with the outcome of earlier requests.
  Outcome outcome = Outcome::kAnswered;
  if (rng_.uniform01() < config_.failure_probability) {
    static constexpr Outcome kKinds[] = {
        Outcome::kTimeout, Outcome::kServerError, Outcome::kPartial};
    outcome = kKinds[faults_.sample(rng_)];
    ++stats_.failed_requests;
  }
  clock_.advance(outcome == Outcome::kTimeout ? config_.timeout_ns
                                              : config_.latency_ns);
  return outcome;
}

void QuoteService::fetch_ids(std::span<QuoteResult> batch) {
  if (batch.empty() || batch.size() > config_.max_batch) {
    throw std::invalid_argument(fmt::format(
        "QuoteService::fetch_ids: batch of {} symbols (must be 1..{})",
        batch.size(), config_.max_batch));
  }
  for (const QuoteResult& r : batch) {
    if (r.id >= market_.stocks()) {
      throw std::out_of_range(fmt::format(
          "QuoteService::fetch_ids: stock id {} out of range (market has {} "
          "stocks)",
          r.id, market_.stocks()));
    }
  }
  const std::span<const Bar> bars = served_bars();
  stats_.symbols_requested += batch.size();

  pending_.clear();
  for (std::uint32_t i = 0; i < batch.size(); ++i) {
    batch[i].attempts = 0;
    pending_.push_back(i);
  }
  FailureReason last_failure = FailureReason::kNone;
  double backoff_ns = static_cast<double>(config_.backoff_initial_ns);
  for (int attempt = 1; attempt <= config_.max_attempts && !pending_.empty();
       ++attempt) {
    if (attempt > 1) {
      ++stats_.retries;
      clock_.advance(static_cast<std::int64_t>(backoff_ns));
      backoff_ns = std::min(backoff_ns * config_.backoff_multiplier,
                            static_cast<double>(config_.backoff_max_ns));
    }
    for (std::uint32_t i : pending_) ++batch[i].attempts;
    const Outcome outcome = send_request();
    if (outcome == Outcome::kTimeout) {
      last_failure = FailureReason::kTimeout;
    } else if (outcome == Outcome::kServerError) {
      last_failure = FailureReason::kServerError;
    } else if (outcome == Outcome::kAnswered) {
      for (std::uint32_t i : pending_) {
        batch[i].bar = bars[batch[i].id];
        batch[i].failure = FailureReason::kNone;
      }
      pending_.clear();
    } else {
      // A partial response answers k < n of the pending symbols, a uniformly
      // random subset (selection sampling); the rest stay pending.
      last_failure = FailureReason::kPartialResponse;
      std::size_t remaining = pending_.size();
      std::size_t to_answer = rng_.uniform_below(remaining);
      std::size_t kept = 0;
      for (std::uint32_t i : pending_) {
        if (to_answer > 0 && rng_.uniform_below(remaining) < to_answer) {
          batch[i].bar = bars[batch[i].id];
          batch[i].failure = FailureReason::kNone;
          --to_answer;
        } else {
          pending_[kept++] = i;
        }
        --remaining;
      }
      pending_.resize(kept);
    }
  }
  for (std::uint32_t i : pending_) {
    batch[i].failure = last_failure;
    batch[i].bar = Bar{};
  }
  stats_.failed_symbols += pending_.size();
}

QuoteServiceStats QuoteService::stats() const {
  QuoteServiceStats s = stats_;
  s.virtual_seconds = clock_.now_seconds();
  return s;
}

void QuoteService::reset() {
  clock_ = core::VirtualClock{};
  bucket_.reset();
  stats_ = QuoteServiceStats{};
}

}  // namespace marketbench::market
