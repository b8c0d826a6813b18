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

// The per-stock parameters of the price process, drawn from the seed.
struct StockParams {
  double drift = 0;            // annualised mu of the GBM
  double volatility = 0;       // annualised sigma of the GBM
  double start_price = 0;      // close of the day before day 0
  double log_volume_mean = 0;  // mean of log(daily volume)
};

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
  MarketGenerator(std::size_t stocks, std::uint64_t seed);

  std::size_t stocks() const { return symbols_.size(); }
  std::span<const std::string> symbols() const { return symbols_; }
  std::span<const StockParams> params() const { return params_; }
  std::size_t days_generated() const { return days_generated_; }

  // The next day's bars, indexed by StockId. The span points into the
  // generator and is overwritten by the next call.
  std::span<const Bar> next_day();

  // A Market holding this generator's symbols and its next `days` days.
  Market generate(std::size_t days);

 private:
  core::Xoshiro256StarStar rng_;
  std::vector<std::string> symbols_;
  std::vector<StockParams> params_;
  std::vector<double> last_close_;
  std::vector<Bar> day_;
  std::size_t days_generated_ = 0;
};

// Shorthand: `days` days of a fresh MarketGenerator(stocks, seed).
Market generate_market(std::size_t stocks, std::size_t days,
                       std::uint64_t seed);

}  // namespace marketbench::market
