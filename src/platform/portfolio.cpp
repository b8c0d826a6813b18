#include "marketbench/platform/portfolio.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "platform/return_statistics.hpp"
#include "resolve.hpp"

namespace marketbench::platform {

PortfolioResult value_portfolio(const market::PriceStore& prices,
                                const market::SymbolIndex& index,
                                const PortfolioRequest& request) {
  detail::check_count("holdings", request.holdings.size(), 1,
                      kMaxSymbolsPerRequest);
  detail::check_window(request.window, prices.days());

  PortfolioResult result;
  result.window = request.window;
  result.positions.reserve(request.holdings.size());
  std::vector<market::StockId> ids;
  ids.reserve(request.holdings.size());
  for (const Holding& holding : request.holdings) {
    if (!std::isfinite(holding.quantity) || holding.quantity <= 0) {
      throw RequestError(
          Status::kBadRequest,
          fmt::format("quantity of {} must be finite and > 0 (got {})",
                      holding.symbol, holding.quantity));
    }
    if (!std::isfinite(holding.cost_basis) || holding.cost_basis < 0) {
      throw RequestError(
          Status::kBadRequest,
          fmt::format("cost basis of {} must be finite and >= 0 (got {})",
                      holding.symbol, holding.cost_basis));
    }
    const market::StockId id = detail::resolve(index, holding.symbol);
    ids.push_back(id);
    Position position;
    position.symbol = holding.symbol;
    position.stock = id;
    position.quantity = holding.quantity;
    position.cost_basis = holding.cost_basis;
    position.price = prices.latest(id).close;
    position.value = holding.quantity * position.price;
    position.pnl = holding.quantity * (position.price - holding.cost_basis);
    result.value += position.value;
    result.cost += holding.quantity * holding.cost_basis;
    result.pnl += position.pnl;
    result.positions.push_back(std::move(position));
  }

  const ReturnMoments moments =
      return_moments(daily_returns(prices, ids, request.window));
  Eigen::VectorXd weights(static_cast<Eigen::Index>(ids.size()));
  for (std::size_t i = 0; i < result.positions.size(); ++i) {
    Position& position = result.positions[i];
    const auto at = static_cast<Eigen::Index>(i);
    // Prices in the store are > 0 (the generator's and the feed's), so the
    // total is > 0; a zero total would only come from a corrupt store.
    position.weight = result.value > 0 ? position.value / result.value : 0.0;
    position.volatility = moments.volatility(at);
    weights(at) = position.weight;
  }
  result.volatility = portfolio_volatility(moments.covariance, weights);
  return result;
}

}  // namespace marketbench::platform
