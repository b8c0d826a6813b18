#pragma once

// The rows of the results database, as plain structs. Store sits below the
// ML and recommendation layers, so these are its own types: the pipeline
// converts model outputs and engine results into them.

#include <cstdint>
#include <string>
#include <string_view>

#include "marketbench/core/action.hpp"
#include "marketbench/market/ohlcv.hpp"

namespace marketbench::store {

// Trading day index (0 = the first generated day).
using Day = std::int32_t;

// Stored as its small integer (core/action.hpp).
using core::Action;
using core::action_from_int;
using core::action_name;
using core::parse_action;

struct PriceRow {
  market::StockId stock = 0;
  Day day = 0;
  market::Bar bar;
  friend bool operator==(const PriceRow& a, const PriceRow& b) {
    return a.stock == b.stock && a.day == b.day && a.bar.open == b.bar.open &&
           a.bar.high == b.bar.high && a.bar.low == b.bar.low &&
           a.bar.close == b.bar.close && a.bar.volume == b.bar.volume;
  }
};

// Class probabilities of one model for one stock and day; each in [0, 1] and
// summing to 1 (within 1e-4, room for float softmax rounding).
struct PredictionRow {
  market::StockId stock = 0;
  Day day = 0;
  std::string model;
  double p_sell = 0;
  double p_hold = 0;
  double p_buy = 0;
  friend bool operator==(const PredictionRow&, const PredictionRow&) = default;
};

// score: the engine's combined score (any finite value, higher = more
// bullish); confidence in [0, 1].
struct RecommendationRow {
  market::StockId stock = 0;
  Day day = 0;
  Action action = Action::kHold;
  double score = 0;
  double confidence = 0;
  friend bool operator==(const RecommendationRow&,
                         const RecommendationRow&) = default;
};

}  // namespace marketbench::store
