#pragma once

// What one pipeline day did: per stage timings and item counts, and how every
// stock of the universe ended (a success or a failure with its reason).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "marketbench/market/ohlcv.hpp"
#include "marketbench/store/rows.hpp"

namespace marketbench::pipeline {

enum class Stage : std::uint8_t {
  kFetch = 0,      // quotes through the QuoteService into the PriceStore
  kRecommend = 1,  // the recommendation engine
  kInfer = 2,      // the model's probability rows of every recommended stock
  kPersist = 3,    // upserts into the ResultsDatabase
  kCache = 4,      // invalidate and warm the prediction and top-K caches
};
inline constexpr std::size_t kStageCount = 5;
// "fetch", "recommend", "infer", "persist", "cache".
std::string_view stage_name(Stage stage);

// Why a stock has no result for the day. A stock fails at most once: the
// first stage that drops it records the reason.
enum class FailureReason : std::uint8_t {
  kTimeout = 0,              // fetch: the last attempt timed out
  kServerError = 1,          // fetch: the last attempt got a server error
  kPartialResponse = 2,      // fetch: the last answer left it out
  kInsufficientHistory = 3,  // recommend: fewer days than the engine needs
  kInvalidData = 4,          // recommend / infer: a bad price in its window
  kPersistFailed = 5,        // persist: its rows' transaction was rolled back
};
inline constexpr std::size_t kFailureReasonCount = 6;
// "timeout", "server_error", "partial_response", "insufficient_history",
// "invalid_data", "persist_failed".
std::string_view failure_reason_name(FailureReason reason);

struct StageReport {
  std::int64_t wall_ns = 0;  // std::chrono::steady_clock
  std::int64_t cpu_ns = 0;   // CLOCK_THREAD_CPUTIME_ID of the running thread
  std::size_t items_in = 0;
  std::size_t items_out = 0;
};

struct StockFailure {
  market::StockId stock = 0;
  Stage stage = Stage::kFetch;
  FailureReason reason = FailureReason::kTimeout;
};

struct PipelineReport {
  store::Day day = 0;
  std::size_t stocks = 0;     // in: the universe
  std::size_t succeeded = 0;  // out: recommended, persisted and cached
  std::array<StageReport, kStageCount> stages{};
  std::array<std::size_t, kFailureReasonCount> failures_by_reason{};
  std::vector<StockFailure> failures;  // in stock order within each stage

  // The market-data API, in virtual time (rate limit, latency, timeouts,
  // backoff): what the real fetch would have waited.
  double virtual_api_seconds = 0;
  std::uint64_t api_requests = 0;  // retries included
  std::uint64_t api_retries = 0;

  // Stage 3: probability rows found in the prediction cache (the engine's
  // inference) and rows the stage had to compute itself.
  std::size_t predictions_reused = 0;
  std::size_t predictions_computed = 0;
  // Stage 4: rows inserted or changed (0 when a day is re-run unchanged).
  std::size_t rows_written = 0;
  std::string persist_error;  // the database's message if a batch failed

  bool new_day = false;  // false when the day was already in the store

  const StageReport& stage(Stage s) const {
    return stages[static_cast<std::size_t>(s)];
  }
  StageReport& stage(Stage s) { return stages[static_cast<std::size_t>(s)]; }
  std::size_t failed() const { return failures.size(); }
  std::size_t failures_of(FailureReason reason) const {
    return failures_by_reason[static_cast<std::size_t>(reason)];
  }
  // failed / stocks (0 for an empty universe).
  double error_rate() const;
  std::int64_t wall_ns() const;  // sum over the stages
  // in = out + failures, and the per-reason counts add up to the failures.
  bool balanced() const;
};

}  // namespace marketbench::pipeline
