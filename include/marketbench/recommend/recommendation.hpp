#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "marketbench/market/ohlcv.hpp"
#include "marketbench/recommend/decision.hpp"

namespace marketbench::recommend {

// One stock's recommendation as of one day: a plain row, ready to be stored
// (the pipeline upserts these into SQLite) and served (the platform's top K).
// Tickers are 3-5 letters, so `symbol` stays in the string's inline buffer.
struct Recommendation {
  market::StockId stock = 0;
  std::string symbol;
  Action action = Action::kHold;
  double score = 0;       // combined score in [-1, 1]; top K ranks by it
  double rule_score = 0;  // indicator signals, in [-1, 1]
  double ml_score = 0;    // P(BUY) - P(SELL), in [-1, 1]
  double confidence = 0;  // in [0, 1]
};

// Why a stock got no recommendation.
enum class SkipReason : std::uint8_t {
  kInsufficientHistory = 0,  // fewer days than the signals and features need
  kInvalidData = 1,  // a price in the window read is not finite and > 0, or a
                     // volume not finite and >= 0
};
inline constexpr std::size_t kSkipReasonCount = 2;

// "insufficient_history", "invalid_data".
std::string_view skip_reason_name(SkipReason reason);

struct SkippedStock {
  market::StockId stock = 0;
  std::string symbol;
  SkipReason reason = SkipReason::kInsufficientHistory;
  std::size_t days_available = 0;
  std::size_t days_required = 0;
};

// The ranking order: higher score first; equal scores by symbol, then by id,
// so the order is total and the same on every run.
inline bool ranks_before(const Recommendation& a, const Recommendation& b) {
  if (a.score != b.score) return a.score > b.score;
  const int by_symbol = std::string_view(a.symbol).compare(b.symbol);
  if (by_symbol != 0) return by_symbol < 0;
  return a.stock < b.stock;
}

}  // namespace marketbench::recommend
