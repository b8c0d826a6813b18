#include "marketbench/platform/request_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace marketbench::platform {

namespace {

void check_range(std::string_view name, std::size_t min, std::size_t max,
                 std::size_t lowest, std::size_t highest) {
  if (min < lowest || min > max || max > highest) {
    throw std::invalid_argument(fmt::format(
        "RequestMix: {} range [{}, {}] must lie within [{}, {}] with min <= "
        "max",
        name, min, max, lowest, highest));
  }
}

}  // namespace

void RequestMix::validate() const {
  core::WeightedChoice check(weights);  // throws naming the bad weight
  if (!(zipf_exponent > 0) || !std::isfinite(zipf_exponent)) {
    throw std::invalid_argument(
        fmt::format("RequestMix: zipf_exponent must be finite and > 0 (got {})",
                    zipf_exponent));
  }
  check_range("holdings", min_holdings, max_holdings, 1, kMaxSymbolsPerRequest);
  check_range("quote symbols", min_quote_symbols, max_quote_symbols, 1,
              kMaxSymbolsPerRequest);
  check_range("analytics symbols", min_analytics_symbols, max_analytics_symbols,
              1, kMaxAnalyticsSymbols);
  check_range("portfolio_window", portfolio_window, portfolio_window, 2,
              kMaxWindowDays);
  check_range("analytics_window", analytics_window, analytics_window, 2,
              kMaxWindowDays);
  check_range("dashboard_movers", dashboard_movers, dashboard_movers, 1,
              kMaxSymbolsPerRequest);
  check_range("search_limit", search_limit, search_limit, 1, kMaxSearchResults);
  for (const std::size_t k : top_k) check_range("top_k", k, k, 1, kMaxTopK);
}

namespace {
const RequestMix& validated(const RequestMix& mix) {
  mix.validate();
  return mix;
}
}  // namespace

RequestGenerator::RequestGenerator(std::span<const std::string> symbols,
                                   std::uint64_t seed, const RequestMix& mix,
                                   std::span<const double> reference_prices)
    : symbols_(symbols),
      reference_prices_(reference_prices),
      mix_(validated(mix)),
      rng_(seed),
      kinds_(mix_.weights),
      popularity_(symbols.empty() ? 1 : symbols.size(), mix_.zipf_exponent,
                  mix_.popularity_seed) {
  if (symbols.empty()) {
    throw std::invalid_argument("RequestGenerator: the universe is empty");
  }
  if (!reference_prices.empty() && reference_prices.size() != symbols.size()) {
    throw std::invalid_argument(
        fmt::format("RequestGenerator: {} reference prices for {} symbols",
                    reference_prices.size(), symbols.size()));
  }
}

RequestKind RequestGenerator::next_kind() {
  return static_cast<RequestKind>(kinds_.sample(rng_));
}

Request RequestGenerator::next() { return make(next_kind()); }

std::size_t RequestGenerator::draw_stock() {
  return static_cast<std::size_t>(popularity_.sample(rng_));
}

std::size_t RequestGenerator::draw_between(std::size_t min, std::size_t max) {
  return min + static_cast<std::size_t>(rng_.uniform_below(max - min + 1));
}

void RequestGenerator::draw_distinct(std::size_t count,
                                     std::vector<std::size_t>& out) {
  count = std::min(count, symbols_.size());
  out.clear();
  while (out.size() < count) {
    const std::size_t stock = draw_stock();
    // Requests hold a handful of symbols: a linear scan beats a set.
    if (std::find(out.begin(), out.end(), stock) == out.end()) {
      out.push_back(stock);
    }
  }
}

Request RequestGenerator::make(RequestKind kind) {
  switch (kind) {
    case RequestKind::kDashboard:
      return DashboardRequest{mix_.dashboard_movers};
    case RequestKind::kPortfolio: {
      PortfolioRequest request;
      request.window = mix_.portfolio_window;
      draw_distinct(draw_between(mix_.min_holdings, mix_.max_holdings),
                    scratch_);
      for (const std::size_t stock : scratch_) {
        const double reference =
            reference_prices_.empty() ? 100.0 : reference_prices_[stock];
        // Bought somewhere between 30% below and 30% above the reference.
        const double cost = reference * (0.7 + 0.6 * rng_.uniform01());
        const auto quantity = static_cast<double>(1 + rng_.uniform_below(500));
        request.holdings.push_back({symbols_[stock], quantity, cost});
      }
      return request;
    }
    case RequestKind::kRecommendations:
      return RecommendationsRequest{
          mix_.top_k[rng_.uniform_below(mix_.top_k.size())]};
    case RequestKind::kSearch: {
      // What a user has typed so far of a ticker they want: 1 to 3 letters.
      const std::string& symbol = symbols_[draw_stock()];
      const std::size_t typed = std::min<std::size_t>(
          symbol.size(), 1 + static_cast<std::size_t>(rng_.uniform_below(3)));
      return SearchRequest{symbol.substr(0, typed), mix_.search_limit};
    }
    case RequestKind::kAnalytics: {
      AnalyticsRequest request;
      request.window = mix_.analytics_window;
      draw_distinct(
          draw_between(mix_.min_analytics_symbols, mix_.max_analytics_symbols),
          scratch_);
      for (const std::size_t stock : scratch_) {
        request.symbols.push_back(symbols_[stock]);
      }
      return request;
    }
    case RequestKind::kQuotes: {
      QuotesRequest request;
      const std::size_t count =
          draw_between(mix_.min_quote_symbols, mix_.max_quote_symbols);
      // A watch list: popular names may repeat across requests, not within.
      draw_distinct(count, scratch_);
      for (const std::size_t stock : scratch_) {
        request.symbols.push_back(symbols_[stock]);
      }
      return request;
    }
  }
  throw std::invalid_argument(fmt::format(
      "RequestGenerator: unknown request kind {}", static_cast<int>(kind)));
}

}  // namespace marketbench::platform
