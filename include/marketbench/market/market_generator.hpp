#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/market/market.hpp"
#include "marketbench/market/ohlcv.hpp"

namespace marketbench::market {

// Which price process MarketGenerator runs.
enum class PriceProcess {
  // Independent geometric Brownian motions: nothing about tomorrow can be
  // learned from the past. The default; its bytes for a seed never change.
  kGbm,
  // The learnable market (docs/MODEL_QUALITY.md): the GBM plus a per-stock
  // regime that makes the next day's mean depend on the last five days, and a
  // weak common factor shared by all stocks on a day.
  kRegime,
};

// Constants of PriceProcess::kRegime. Stock i's log return on day t is
//   r(i,t) = mu_i + sigma_i * (kappa * g_i * tanh(s(i,t)) + z(i,t))
//   s(i,t) = (log close(i,t-1) - log close(i,t-6)) / (sigma_i * sqrt(5))
//   z(i,t) = rho * f(t) + sqrt(1 - rho^2) * e(i,t),  f, e ~ N(0, 1)
// with mu_i, sigma_i the GBM's daily drift and volatility, g_i = +1
// (momentum) when the stock's annual volatility is below kMomentumBelow and
// -1 (mean reversion) otherwise, f(t) one draw per day for every stock. So
// given its history, tomorrow's log return of a stock is normal with mean
// regime_expected_log_return() and standard deviation sigma_i.
struct RegimeProcess {
  static constexpr double kKappa = 0.3;
  static constexpr double kFactorRho = 0.3;
  static constexpr double kMomentumBelow = 0.40;
  static constexpr std::size_t kLookbackDays = 5;
};

// The per-stock parameters of the price process, drawn from the seed.
struct StockParams {
  double drift = 0;            // annualised mu of the GBM
  double volatility = 0;       // annualised sigma of the GBM
  double start_price = 0;      // close of the day before day 0
  double log_volume_mean = 0;  // mean of log(daily volume)

  // Daily sigma and mean log return of the GBM part.
  double daily_sigma() const;
  double daily_log_drift() const;
  // PriceProcess::kRegime: +1 momentum, -1 mean reversion.
  double regime_sign() const;
};

// PriceProcess::kRegime: the mean of a stock's next log return given the log
// return of its last RegimeProcess::kLookbackDays days (the formula above).
double regime_expected_log_return(const StockParams& params,
                                  double lookback_log_return);

// Synthetic daily OHLCV: the close of each stock follows a geometric Brownian
// motion with its own drift and volatility; the open gaps from the previous
// close, high and low extend beyond open and close; volumes are lognormal and
// larger on days with big moves. Everything comes from one seed through
// xoshiro256** (never std distributions), so a seed gives the same bytes on
// every standard library. Days are produced one at a time, so a long-running
// consumer (the daily pipeline) can keep asking for the next one.
class MarketGenerator {
 public:
  static constexpr std::size_t kMaxStocks = 1'000'000;
  static constexpr double kTradingDaysPerYear = 252.0;

  // Draws the symbols (unique, 3-5 uppercase letters) and the parameters.
  // Throws if stocks is 0 or above kMaxStocks.
  MarketGenerator(std::size_t stocks, std::uint64_t seed,
                  PriceProcess process = PriceProcess::kGbm);

  std::size_t stocks() const { return symbols_.size(); }
  std::span<const std::string> symbols() const { return symbols_; }
  std::span<const StockParams> params() const { return params_; }
  std::size_t days_generated() const { return days_generated_; }
  PriceProcess process() const { return process_; }

  // The next day's bars, indexed by StockId. The span points into the
  // generator and is overwritten by the next call.
  std::span<const Bar> next_day();

  // A Market holding this generator's symbols and its next `days` days.
  Market generate(std::size_t days);

 private:
  double regime_mean(std::size_t stock) const;

  core::Xoshiro256StarStar rng_;
  PriceProcess process_;
  std::vector<std::string> symbols_;
  std::vector<StockParams> params_;
  std::vector<double> last_close_;
  std::vector<Bar> day_;
  // kRegime: the last kLookbackDays log returns of each stock, a ring
  // (stock-major) written at days_generated_ % kLookbackDays.
  std::vector<double> recent_log_returns_;
  std::size_t days_generated_ = 0;
};

// Shorthand: `days` days of a fresh MarketGenerator(stocks, seed).
Market generate_market(std::size_t stocks, std::size_t days, std::uint64_t seed,
                       PriceProcess process = PriceProcess::kGbm);

}  // namespace marketbench::market
