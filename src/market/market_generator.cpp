#include "marketbench/market/market_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

namespace marketbench::market {

namespace {

// Ranges of the per-stock parameters: a mix of slow and volatile names, prices
// from penny-ish to large caps, volumes from thin to heavily traded.
constexpr double kDriftMin = -0.10, kDriftMax = 0.25;
constexpr double kVolatilityMin = 0.15, kVolatilityMax = 0.65;
constexpr double kStartPriceMin = 5.0, kStartPriceMax = 500.0;
constexpr double kVolumeMin = 2e5, kVolumeMax = 2e7;
// Spread of log volume around the stock's mean, and how much a big move
// (in standard deviations) lifts it.
constexpr double kLogVolumeSigma = 0.4;
constexpr double kLogVolumePerMove = 0.3;
// Open gap and the high/low excursions, in units of the daily sigma.
constexpr double kGapScale = 0.3;
constexpr double kRangeScale = 0.5;

double uniform(core::Xoshiro256StarStar& rng, double lo, double hi) {
  return lo + (hi - lo) * rng.uniform01();
}

std::string draw_symbol(core::Xoshiro256StarStar& rng) {
  const auto length = 3 + static_cast<std::size_t>(rng.uniform_below(3));
  std::string symbol(length, 'A');
  for (char& c : symbol) c = static_cast<char>('A' + rng.uniform_below(26));
  return symbol;
}

}  // namespace

double StockParams::daily_sigma() const {
  return volatility / std::sqrt(MarketGenerator::kTradingDaysPerYear);
}

double StockParams::daily_log_drift() const {
  return (drift - 0.5 * volatility * volatility) /
         MarketGenerator::kTradingDaysPerYear;
}

double StockParams::regime_sign() const {
  return volatility < RegimeProcess::kMomentumBelow ? 1.0 : -1.0;
}

double regime_expected_log_return(const StockParams& params,
                                  double lookback_log_return) {
  const double sigma = params.daily_sigma();
  const double s =
      lookback_log_return /
      (sigma * std::sqrt(static_cast<double>(RegimeProcess::kLookbackDays)));
  return params.daily_log_drift() +
         sigma * RegimeProcess::kKappa * params.regime_sign() * std::tanh(s);
}

MarketGenerator::MarketGenerator(std::size_t stocks, std::uint64_t seed,
                                 PriceProcess process)
    : rng_(seed), process_(process) {
  if (stocks == 0 || stocks > kMaxStocks) {
    throw std::invalid_argument(
        fmt::format("MarketGenerator: stocks must be in [1, {}] (got {})",
                    kMaxStocks, stocks));
  }
  // Symbols come from their own stream so that prices do not depend on how
  // many duplicate draws were rejected.
  core::Xoshiro256StarStar symbol_rng(core::mix64(seed ^ 0x53594d424f4cULL));
  std::unordered_set<std::string> seen;
  seen.reserve(stocks);
  symbols_.reserve(stocks);
  while (symbols_.size() < stocks) {
    std::string symbol = draw_symbol(symbol_rng);
    if (seen.insert(symbol).second) symbols_.push_back(std::move(symbol));
  }

  params_.resize(stocks);
  last_close_.resize(stocks);
  for (std::size_t i = 0; i < stocks; ++i) {
    StockParams& p = params_[i];
    p.drift = uniform(rng_, kDriftMin, kDriftMax);
    p.volatility = uniform(rng_, kVolatilityMin, kVolatilityMax);
    p.start_price = std::exp(
        uniform(rng_, std::log(kStartPriceMin), std::log(kStartPriceMax)));
    p.log_volume_mean =
        uniform(rng_, std::log(kVolumeMin), std::log(kVolumeMax));
    last_close_[i] = p.start_price;
  }
  day_.resize(stocks);
  if (process_ == PriceProcess::kRegime)
    recent_log_returns_.assign(stocks * RegimeProcess::kLookbackDays, 0.0);
}

double MarketGenerator::regime_mean(std::size_t stock) const {
  double lookback = 0;
  for (std::size_t k = 0; k < RegimeProcess::kLookbackDays; ++k)
    lookback += recent_log_returns_[stock * RegimeProcess::kLookbackDays + k];
  return regime_expected_log_return(params_[stock], lookback);
}

std::span<const Bar> MarketGenerator::next_day() {
  const bool regime = process_ == PriceProcess::kRegime;
  // kRegime: the day's common factor, drawn before any stock's shocks.
  const double factor = regime ? rng_.normal() : 0.0;
  const double idiosyncratic =
      std::sqrt(1.0 - RegimeProcess::kFactorRho * RegimeProcess::kFactorRho);
  const std::size_t slot = days_generated_ % RegimeProcess::kLookbackDays;
  for (std::size_t i = 0; i < stocks(); ++i) {
    const StockParams& p = params_[i];
    const double sigma = p.daily_sigma();
    double mu = p.daily_log_drift();
    double z = rng_.normal();
    if (regime) {
      mu = regime_mean(i);
      z = RegimeProcess::kFactorRho * factor + idiosyncratic * z;
    }
    const double prev = last_close_[i];

    Bar& bar = day_[i];
    const double log_return = mu + sigma * z;
    if (regime)
      recent_log_returns_[i * RegimeProcess::kLookbackDays + slot] = log_return;
    bar.close = prev * std::exp(log_return);
    bar.open = prev * std::exp(kGapScale * sigma * rng_.normal());
    bar.high = std::max(bar.open, bar.close) *
               std::exp(kRangeScale * sigma * std::abs(rng_.normal()));
    bar.low = std::min(bar.open, bar.close) *
              std::exp(-kRangeScale * sigma * std::abs(rng_.normal()));
    const double log_volume = p.log_volume_mean +
                              kLogVolumeSigma * rng_.normal() +
                              kLogVolumePerMove * std::abs(z);
    // Whole shares, and never a day without a trade.
    bar.volume = std::max(1.0, std::round(std::exp(log_volume)));
    last_close_[i] = bar.close;
  }
  ++days_generated_;
  return day_;
}

Market MarketGenerator::generate(std::size_t days) {
  Market market(symbols_);
  market.reserve_days(days);
  for (std::size_t d = 0; d < days; ++d) market.append_day(next_day());
  return market;
}

Market generate_market(std::size_t stocks, std::size_t days, std::uint64_t seed,
                       PriceProcess process) {
  return MarketGenerator(stocks, seed, process).generate(days);
}

}  // namespace marketbench::market
