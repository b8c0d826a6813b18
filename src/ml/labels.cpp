#include "marketbench/ml/labels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "marketbench/ml/feature_extractor.hpp"

namespace marketbench::ml {

Action label_for_return(double next_return, double recent_volatility,
                        const LabelConfig& config) {
  const double band = config.hold_band * recent_volatility;
  if (next_return > band) return Action::kBuy;
  if (next_return < -band) return Action::kSell;
  return Action::kHold;
}

double recent_volatility(std::span<const double> close,
                         const LabelConfig& config) {
  const std::size_t n = config.volatility_days;
  if (n == 0 || close.size() <= n) {
    throw std::invalid_argument(fmt::format(
        "recent_volatility: {} closes, need more than volatility_days = {}",
        close.size(), n));
  }
  const auto window = close.last(n + 1);
  double sum = 0;
  double sum_sq = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    const double r = window[i] / window[i - 1] - 1.0;
    sum += r;
    sum_sq += r * r;
  }
  const double mean = sum / static_cast<double>(n);
  return std::sqrt(
      std::max(0.0, sum_sq / static_cast<double>(n) - mean * mean));
}

double LabelledRows::majority_rate() const {
  if (labels.empty()) return 0.0;
  std::array<std::size_t, kNumClasses> counts{};
  for (const std::uint8_t label : labels) ++counts[label];
  return static_cast<double>(*std::max_element(counts.begin(), counts.end())) /
         static_cast<double>(labels.size());
}

LabelledRows build_labelled_rows(const market::PriceStore& prices,
                                 std::size_t first_day, std::size_t end_day,
                                 const LabelConfig& config) {
  const std::size_t min_first = std::max(FeatureExtractor::min_history_days(),
                                         config.volatility_days + 1) -
                                1;
  if (first_day < min_first || first_day >= end_day ||
      end_day + 1 > prices.days()) {
    throw std::invalid_argument(fmt::format(
        "build_labelled_rows: as-of days [{}, {}) must lie in [{}, {}) for a "
        "store of {} days",
        first_day, end_day, min_first, prices.days() - 1, prices.days()));
  }
  constexpr std::size_t kF = FeatureExtractor::kFeatureCount;
  LabelledRows out;
  out.stocks = prices.stocks();
  out.first_day = first_day;
  out.days = end_day - first_day;
  const std::size_t rows = out.stocks * out.days;
  out.features.resize(rows * kF);
  out.labels.resize(rows);
  out.next_returns.resize(rows);
  FeatureExtractor extractor;
  for (std::size_t s = 0; s < out.stocks; ++s) {
    const market::OhlcvView history =
        prices.history(static_cast<market::StockId>(s));
    for (std::size_t d = first_day; d < end_day; ++d) {
      const std::size_t row = (d - first_day) * out.stocks + s;
      const market::OhlcvView as_of = history.first(d + 1);
      extractor.extract(as_of, std::span(out.features).subspan(row * kF, kF));
      const double next = history.close[d + 1] / history.close[d] - 1.0;
      out.next_returns[row] = next;
      out.labels[row] = static_cast<std::uint8_t>(label_for_return(
          next, recent_volatility(as_of.close, config), config));
    }
  }
  return out;
}

DaySplit split_days(std::size_t days, double train_fraction,
                    double validation_fraction) {
  const std::size_t first = FeatureExtractor::min_history_days() - 1;
  if (days < first + 4 || !(train_fraction > 0) || !(validation_fraction > 0) ||
      train_fraction + validation_fraction >= 1.0) {
    throw std::invalid_argument(fmt::format(
        "split_days: {} days with fractions {} / {} leave an empty range (need "
        "> {} days and fractions > 0 summing below 1)",
        days, train_fraction, validation_fraction, first + 3));
  }
  const std::size_t end = days - 1;
  const auto usable = static_cast<double>(end - first);
  DaySplit split;
  split.first = first;
  split.validation_begin =
      first + static_cast<std::size_t>(std::floor(usable * train_fraction));
  split.test_begin =
      split.validation_begin +
      static_cast<std::size_t>(std::floor(usable * validation_fraction));
  split.end = end;
  if (split.validation_begin == split.first ||
      split.test_begin == split.validation_begin ||
      split.end == split.test_begin) {
    throw std::invalid_argument(fmt::format(
        "split_days: {} days with fractions {} / {} leave an empty range", days,
        train_fraction, validation_fraction));
  }
  return split;
}

}  // namespace marketbench::ml
