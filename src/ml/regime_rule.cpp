#include "marketbench/ml/regime_rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace marketbench::ml {

namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

std::array<double, kNumClasses> regime_rule_probabilities(
    const market::StockParams& params, std::span<const double> close,
    const LabelConfig& labels) {
  constexpr std::size_t kLookback = market::RegimeProcess::kLookbackDays;
  if (close.size() <= std::max(kLookback, labels.volatility_days)) {
    throw std::invalid_argument(
        fmt::format("regime_rule_probabilities: {} closes, need more than {}",
                    close.size(), std::max(kLookback, labels.volatility_days)));
  }
  const double lookback =
      std::log(close.back() / close[close.size() - 1 - kLookback]);
  const double mean = market::regime_expected_log_return(params, lookback);
  const double sigma = params.daily_sigma();
  const double band = labels.hold_band * recent_volatility(close, labels);
  // Simple-return thresholds as log-return thresholds.
  const double sell_below = std::log1p(-std::min(band, 0.999));
  const double buy_above = std::log1p(band);
  const double p_sell = normal_cdf((sell_below - mean) / sigma);
  const double p_buy = 1.0 - normal_cdf((buy_above - mean) / sigma);
  return {p_sell, std::max(0.0, 1.0 - p_sell - p_buy), p_buy};
}

}  // namespace marketbench::ml
