#pragma once

// Daily-return statistics behind the portfolio and analytics requests, on
// Eigen: returns are simple (close / previous close - 1), so the return of a
// portfolio is the weighted sum of its holdings' returns.

#include <Eigen/Core>
#include <cstddef>
#include <span>

#include "marketbench/market/ohlcv.hpp"
#include "marketbench/market/price_store.hpp"

namespace marketbench::platform {

inline constexpr double kTradingDaysPerYear = 252.0;

// window x stocks.size() matrix: column j holds the last `window` daily
// returns of stocks[j], oldest first (they read the last window + 1 closes).
// Throws std::invalid_argument naming the values when window is 0 or the
// store holds fewer than window + 1 days, std::out_of_range for a bad id.
Eigen::MatrixXd daily_returns(const market::PriceStore& prices,
                              std::span<const market::StockId> stocks,
                              std::size_t window);

struct ReturnMoments {
  Eigen::MatrixXd covariance;  // of daily returns (sample, divides by T - 1)
  Eigen::VectorXd volatility;  // annualised: sqrt(variance * 252)
  // covariance / (sigma_i sigma_j); 1 on the diagonal. A series without
  // variation (daily sigma <= 1e-12, rounding noise) has no defined
  // correlation: its off-diagonal entries are 0.
  Eigen::MatrixXd correlation;
};

// Throws std::invalid_argument when returns has fewer than 2 rows or no
// column.
ReturnMoments return_moments(const Eigen::MatrixXd& returns);

// sqrt(w' S w * 252): the annualised volatility of a portfolio with weights w
// over assets with daily covariance S. Throws std::invalid_argument on a size
// mismatch.
double portfolio_volatility(const Eigen::MatrixXd& covariance,
                            const Eigen::VectorXd& weights);

}  // namespace marketbench::platform
