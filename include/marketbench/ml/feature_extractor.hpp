#pragma once

// The 50 model features of one stock on one day, computed from its daily
// history. docs/FEATURES.md defines every feature.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "marketbench/market/ohlcv.hpp"

namespace marketbench::ml {

// Holds the scratch series the indicators write into, sized once in the
// constructor, so that extraction in steady state never allocates. Not
// thread-safe: use one extractor per thread.
class FeatureExtractor {
 public:
  static constexpr std::size_t kFeatureCount = 50;
  // Every extraction reads exactly the last kWindowDays days of the history:
  // the features of a stock on a day do not depend on how much older history
  // the caller happens to hold, and the cost per stock is bounded.
  static constexpr std::size_t kWindowDays = 128;
  static constexpr std::size_t min_history_days() { return kWindowDays; }

  // Feature names in output order.
  static const std::array<std::string_view, kFeatureCount>& feature_names();
  // Position of a feature in the output; throws std::invalid_argument for an
  // unknown name.
  static std::size_t feature_index(std::string_view name);

  FeatureExtractor();

  // Features of the stock as of the last day of `history` (pass
  // history.first(t + 1) for day t: nothing after the view is visible).
  // out.size() must be kFeatureCount. Every value is finite (clamped to
  // +-kFeatureLimit). Throws std::invalid_argument, naming the lengths or the
  // bad value, when the history is shorter than min_history_days() or a
  // price in the window is not finite and positive or a volume not finite and
  // non-negative.
  void extract(const market::OhlcvView& history, std::span<float> out);

  // Row-major histories.size() x kFeatureCount matrix: row i holds the
  // features of histories[i] as of its last day. Errors name the row.
  void extract_batch(std::span<const market::OhlcvView> histories,
                     std::span<float> out);

  static constexpr double kFeatureLimit = 1e6;

 private:
  void compute(const market::OhlcvView& window, std::span<float> out);

  // Scratch series, kWindowDays each.
  std::vector<double> returns_;
  std::vector<double> series_a_;
  std::vector<double> series_b_;
  std::vector<double> series_c_;
};

}  // namespace marketbench::ml
