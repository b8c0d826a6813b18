#pragma once

// The SELL / HOLD / BUY label of a stock-day, from the next day's return
// measured against the stock's own recent volatility, and the labelled feature
// rows a model is trained and scored on (docs/MODEL_QUALITY.md).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "marketbench/market/price_store.hpp"
#include "marketbench/ml/prediction.hpp"

namespace marketbench::ml {

struct LabelConfig {
  // BUY when the next day's simple return exceeds hold_band * v, SELL when it
  // is below -hold_band * v, HOLD otherwise; v is the population standard
  // deviation of the last volatility_days simple daily returns up to the
  // as-of day (known that day: no look-ahead). 0.43 puts a third of a normal
  // return's mass in the band, so the three classes are about equally common
  // on every stock whatever its volatility, and a model beats the majority
  // class only by predicting direction.
  double hold_band = 0.43;
  std::size_t volatility_days = 20;
};

// The label of a next-day return given the recent volatility v (> 0).
Action label_for_return(double next_return, double recent_volatility,
                        const LabelConfig& config = {});

// v of `close` as of its last entry (close.size() must be > volatility_days).
double recent_volatility(std::span<const double> close,
                         const LabelConfig& config = {});

// Feature rows of every stock for as-of days [first_day, end_day), day-major
// (all stocks of first_day, then the next day, ...), with the label and the
// simple return of the day after each. Rows never mix days, so a split by
// day range is a split of this table by row range.
struct LabelledRows {
  std::size_t stocks = 0;
  std::size_t first_day = 0;
  std::size_t days = 0;
  std::vector<float> features;       // rows x FeatureExtractor::kFeatureCount
  std::vector<std::uint8_t> labels;  // rows, an Action each
  std::vector<double> next_returns;  // rows

  std::size_t rows() const { return labels.size(); }
  // The majority class's share of the rows (0 when empty).
  double majority_rate() const;
};

// Throws std::invalid_argument when first_day is before the feature
// extractor's window (FeatureExtractor::min_history_days() - 1), end_day + 1 >
// prices.days() (every as-of day needs its next day), or first_day >= end_day.
LabelledRows build_labelled_rows(const market::PriceStore& prices,
                                 std::size_t first_day, std::size_t end_day,
                                 const LabelConfig& config = {});

// Train / validation / test as-of day ranges, in this order in time:
// [first, validation_begin), [validation_begin, test_begin), [test_begin,
// end). The model never sees a row of a later range while it trains.
struct DaySplit {
  std::size_t first = 0;
  std::size_t validation_begin = 0;
  std::size_t test_begin = 0;
  std::size_t end = 0;
};

// The usable as-of days of a store of `days` days (from the first day with a
// full feature window to the last day with a next day), cut by the fractions
// of training and validation days; the rest is the test range. Throws
// std::invalid_argument when a range would be empty.
DaySplit split_days(std::size_t days, double train_fraction,
                    double validation_fraction);

}  // namespace marketbench::ml
