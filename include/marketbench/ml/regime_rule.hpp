#pragma once

// The best any model can do on the learnable market: the class probabilities
// that the generating rule of market::PriceProcess::kRegime implies for a
// stock's next day, from its true parameters and its closes. Its accuracy on
// held-out days is the ceiling a trained model is measured against
// (docs/MODEL_QUALITY.md).

#include <span>

#include "marketbench/market/market_generator.hpp"
#include "marketbench/ml/labels.hpp"

namespace marketbench::ml {

// Tomorrow's log return is normal with mean regime_expected_log_return() and
// standard deviation params.daily_sigma(); the probabilities are its mass
// below the SELL threshold, inside the HOLD band and above the BUY threshold
// of `labels`. close must hold more than max(kLookbackDays,
// labels.volatility_days) days, ending on the as-of day.
std::array<double, kNumClasses> regime_rule_probabilities(
    const market::StockParams& params, std::span<const double> close,
    const LabelConfig& labels = {});

}  // namespace marketbench::ml
