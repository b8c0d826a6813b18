#include "marketbench/platform/analytics.hpp"

#include <vector>

#include "platform/return_statistics.hpp"
#include "resolve.hpp"

namespace marketbench::platform {

AnalyticsResult analyse_returns(const market::PriceStore& prices,
                                const market::SymbolIndex& index,
                                const AnalyticsRequest& request) {
  detail::check_count("symbols", request.symbols.size(), 1,
                      kMaxAnalyticsSymbols);
  detail::check_window(request.window, prices.days());
  std::vector<market::StockId> ids;
  ids.reserve(request.symbols.size());
  for (const std::string& symbol : request.symbols) {
    ids.push_back(detail::resolve(index, symbol));
  }
  const ReturnMoments moments =
      return_moments(daily_returns(prices, ids, request.window));

  AnalyticsResult result;
  result.symbols = request.symbols;
  result.window = request.window;
  const std::size_t n = ids.size();
  result.volatilities.assign(moments.volatility.data(),
                             moments.volatility.data() + n);
  result.correlation.resize(n * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      result.correlation[i * n + j] = moments.correlation(
          static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    }
  }
  return result;
}

}  // namespace marketbench::platform
