#include "marketbench/platform/request_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/symbol_index.hpp"

namespace marketbench::platform {
namespace {

std::vector<std::string> universe(std::size_t n) {
  const market::MarketGenerator generator(n, 11);
  return {generator.symbols().begin(), generator.symbols().end()};
}

TEST(PlatformRequestGenerator, MixWithinOnePointOfWeightsOver1e5Draws) {
  const std::vector<std::string> symbols = universe(500);
  RequestGenerator generator(symbols, 42);
  std::array<int, kRequestKindCount> counts{};
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    ++counts[static_cast<std::size_t>(kind_of(generator.next()))];
  }
  const std::array<double, kRequestKindCount> expected = {0.1, 0.2, 0.3,
                                                          0.1, 0.1, 0.2};
  for (std::size_t k = 0; k < kRequestKindCount; ++k) {
    EXPECT_NEAR(static_cast<double>(counts[k]) / kDraws, expected[k], 0.01)
        << kind_name(static_cast<RequestKind>(k));
  }
}

TEST(PlatformRequestGenerator, SymbolsFollowASharedZipfPopularity) {
  const std::vector<std::string> symbols = universe(1000);
  RequestMix mix;
  mix.weights = {0, 0, 0, 0, 0, 1};  // quotes only
  RequestGenerator a(symbols, 1, mix);
  RequestGenerator b(symbols, 2, mix);
  const market::SymbolIndex index(symbols);
  std::vector<int> hits_a(symbols.size()), hits_b(symbols.size());
  const auto count = [&](RequestGenerator& g, std::vector<int>& hits) {
    for (int i = 0; i < 2000; ++i) {
      const auto request = std::get<QuotesRequest>(g.next());
      for (const std::string& s : request.symbols) ++hits[index.at(s)];
    }
  };
  count(a, hits_a);
  count(b, hits_b);
  // Different users, same hot stock: the permutation comes from the mix.
  const auto hottest = [](const std::vector<int>& h) {
    return std::max_element(h.begin(), h.end()) - h.begin();
  };
  EXPECT_EQ(hottest(hits_a), hottest(hits_b));
  // Zipf: the hottest stock is drawn far more often than a uniform 1/1000.
  const int total = std::accumulate(hits_a.begin(), hits_a.end(), 0);
  EXPECT_GT(hits_a[static_cast<std::size_t>(hottest(hits_a))], total / 50);
}

TEST(PlatformRequestGenerator, RequestsRespectTheMix) {
  const std::vector<std::string> symbols = universe(300);
  std::vector<double> prices(symbols.size(), 40.0);
  RequestGenerator generator(symbols, 7, RequestMix{}, prices);
  const RequestMix& mix = generator.mix();
  for (int i = 0; i < 3000; ++i) {
    const Request request = generator.next();
    switch (kind_of(request)) {
      case RequestKind::kDashboard:
        EXPECT_EQ(std::get<DashboardRequest>(request).movers,
                  mix.dashboard_movers);
        break;
      case RequestKind::kPortfolio: {
        const auto& p = std::get<PortfolioRequest>(request);
        EXPECT_GE(p.holdings.size(), mix.min_holdings);
        EXPECT_LE(p.holdings.size(), mix.max_holdings);
        std::set<std::string> distinct;
        for (const Holding& h : p.holdings) {
          distinct.insert(h.symbol);
          EXPECT_GE(h.quantity, 1.0);
          EXPECT_LE(h.quantity, 500.0);
          EXPECT_GE(h.cost_basis, 0.7 * 40.0);
          EXPECT_LE(h.cost_basis, 1.3 * 40.0);
        }
        EXPECT_EQ(distinct.size(), p.holdings.size());
        EXPECT_EQ(p.window, mix.portfolio_window);
        break;
      }
      case RequestKind::kRecommendations: {
        const std::size_t k = std::get<RecommendationsRequest>(request).k;
        EXPECT_NE(std::find(mix.top_k.begin(), mix.top_k.end(), k),
                  mix.top_k.end());
        break;
      }
      case RequestKind::kSearch: {
        const auto& s = std::get<SearchRequest>(request);
        EXPECT_GE(s.prefix.size(), 1u);
        EXPECT_LE(s.prefix.size(), 3u);
        EXPECT_EQ(s.limit, mix.search_limit);
        break;
      }
      case RequestKind::kAnalytics: {
        const auto& a = std::get<AnalyticsRequest>(request);
        EXPECT_GE(a.symbols.size(), mix.min_analytics_symbols);
        EXPECT_LE(a.symbols.size(), mix.max_analytics_symbols);
        EXPECT_EQ(
            std::set<std::string>(a.symbols.begin(), a.symbols.end()).size(),
            a.symbols.size());
        break;
      }
      case RequestKind::kQuotes: {
        const auto& q = std::get<QuotesRequest>(request);
        EXPECT_GE(q.symbols.size(), mix.min_quote_symbols);
        EXPECT_LE(q.symbols.size(), mix.max_quote_symbols);
        break;
      }
    }
  }
}

TEST(PlatformRequestGenerator, SameSeedSameRequests) {
  const std::vector<std::string> symbols = universe(100);
  RequestGenerator a(symbols, 5);
  RequestGenerator b(symbols, 5);
  for (int i = 0; i < 200; ++i) {
    const Request x = a.next();
    const Request y = b.next();
    ASSERT_EQ(kind_of(x), kind_of(y));
    if (const auto* q = std::get_if<QuotesRequest>(&x)) {
      EXPECT_EQ(q->symbols, std::get<QuotesRequest>(y).symbols);
    }
  }
}

TEST(PlatformRequestGenerator, SmallUniverseCapsDistinctDraws) {
  const std::vector<std::string> symbols = {"AAA", "BBB"};
  RequestMix mix;
  mix.weights = {0, 0, 0, 0, 1, 0};
  mix.min_analytics_symbols = 4;
  RequestGenerator generator(symbols, 3, mix);
  EXPECT_EQ(std::get<AnalyticsRequest>(generator.next()).symbols.size(), 2u);
}

TEST(PlatformRequestGenerator, BadConfigurationThrows) {
  const std::vector<std::string> symbols = universe(10);
  RequestMix mix;
  mix.weights = {0, 0, 0, 0, 0, 0};
  EXPECT_THROW(RequestGenerator(symbols, 1, mix), std::invalid_argument);
  mix = RequestMix{};
  mix.min_holdings = 5;
  mix.max_holdings = 4;
  EXPECT_THROW(RequestGenerator(symbols, 1, mix), std::invalid_argument);
  mix = RequestMix{};
  mix.top_k[0] = kMaxTopK + 1;
  EXPECT_THROW(RequestGenerator(symbols, 1, mix), std::invalid_argument);
  EXPECT_THROW(RequestGenerator({}, 1), std::invalid_argument);
  const std::vector<double> prices(3, 1.0);
  EXPECT_THROW(RequestGenerator(symbols, 1, RequestMix{}, prices),
               std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::platform
