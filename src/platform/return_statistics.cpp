// GCC 12 reports -Wmaybe-uninitialized inside its own AVX-512 intrinsics
// (_mm512_undefined_pd) when Eigen's double kernels inline them under
// -march=native: a false positive (as in src/ml/dense_eigen.cpp). The pragma
// must precede every include to cover those header locations.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "platform/return_statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace marketbench::platform {

namespace {
// Daily return standard deviations at or below this are rounding noise of a
// flat (or constant-return) series, not variation: real ones are ~1e-2.
constexpr double kFlatSigma = 1e-12;
}  // namespace

Eigen::MatrixXd daily_returns(const market::PriceStore& prices,
                              std::span<const market::StockId> stocks,
                              std::size_t window) {
  if (window == 0) {
    throw std::invalid_argument("daily_returns: window must be >= 1 (got 0)");
  }
  if (prices.days() < window + 1) {
    throw std::invalid_argument(fmt::format(
        "daily_returns: a window of {} returns needs {} days, the store holds "
        "{}",
        window, window + 1, prices.days()));
  }
  const auto rows = static_cast<Eigen::Index>(window);
  Eigen::MatrixXd returns(rows, static_cast<Eigen::Index>(stocks.size()));
  for (std::size_t j = 0; j < stocks.size(); ++j) {
    const std::span<const double> close = prices.history(stocks[j]).close;
    const std::span<const double> last = close.last(window + 1);
    for (std::size_t t = 0; t < window; ++t) {
      returns(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(j)) =
          last[t + 1] / last[t] - 1.0;
    }
  }
  return returns;
}

ReturnMoments return_moments(const Eigen::MatrixXd& returns) {
  if (returns.rows() < 2 || returns.cols() == 0) {
    throw std::invalid_argument(fmt::format(
        "return_moments: need >= 2 returns of >= 1 series (got {} x {})",
        returns.rows(), returns.cols()));
  }
  const Eigen::MatrixXd centered = returns.rowwise() - returns.colwise().mean();
  ReturnMoments moments;
  moments.covariance = (centered.transpose() * centered) /
                       static_cast<double>(returns.rows() - 1);
  const Eigen::VectorXd sigma = moments.covariance.diagonal().cwiseSqrt();
  moments.volatility = sigma * std::sqrt(kTradingDaysPerYear);
  const Eigen::Index n = returns.cols();
  moments.correlation.resize(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      if (i == j) {
        moments.correlation(i, j) = 1.0;
      } else if (sigma(i) > kFlatSigma && sigma(j) > kFlatSigma) {
        // Rounding can push |r| a hair above 1 for collinear series.
        moments.correlation(i, j) = std::clamp(
            moments.covariance(i, j) / (sigma(i) * sigma(j)), -1.0, 1.0);
      } else {
        moments.correlation(i, j) = 0.0;
      }
    }
  }
  return moments;
}

double portfolio_volatility(const Eigen::MatrixXd& covariance,
                            const Eigen::VectorXd& weights) {
  if (covariance.rows() != weights.size() ||
      covariance.cols() != weights.size()) {
    throw std::invalid_argument(fmt::format(
        "portfolio_volatility: covariance is {} x {} but there are {} weights",
        covariance.rows(), covariance.cols(), weights.size()));
  }
  const double variance = weights.dot(covariance * weights);
  // A covariance matrix is positive semi-definite; rounding may leave -0.
  return std::sqrt(std::max(variance, 0.0) * kTradingDaysPerYear);
}

}  // namespace marketbench::platform
