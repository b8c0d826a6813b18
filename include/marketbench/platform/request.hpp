#pragma once

// The six kinds of request the platform serves, as plain structs. Symbols are
// tickers as a client sends them; the platform resolves them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace marketbench::platform {

// In the order of the alternatives of Request.
enum class RequestKind : std::uint8_t {
  kDashboard = 0,
  kPortfolio = 1,
  kRecommendations = 2,
  kSearch = 3,
  kAnalytics = 4,
  kQuotes = 5,
};
inline constexpr std::size_t kRequestKindCount = 6;

// Bounds on request parameters; beyond them a request is kBadRequest.
inline constexpr std::size_t kMaxSymbolsPerRequest = 100;  // quotes, holdings
inline constexpr std::size_t kMaxAnalyticsSymbols = 16;
inline constexpr std::size_t kMaxTopK = 100;
inline constexpr std::size_t kMaxSearchResults = 100;
inline constexpr std::size_t kMaxWindowDays = 1000;  // returns per series

// "dashboard", "portfolio", "recommendations", "search", "analytics",
// "quotes": also the prefix of the per-kind benchmark counters.
std::string_view kind_name(RequestKind kind);

// Market summary of the latest published day: counts by action and the
// `movers` biggest gainers and losers.
struct DashboardRequest {
  std::size_t movers = 5;
};

struct Holding {
  std::string symbol;
  double quantity = 0;    // shares, > 0
  double cost_basis = 0;  // price paid per share, >= 0
};

// Values a holdings list at the latest prices; volatilities over the last
// `window` daily returns.
struct PortfolioRequest {
  std::vector<Holding> holdings;
  std::size_t window = 20;
};

// The k best recommendations of the latest published day, with the model's
// class probabilities of each.
struct RecommendationsRequest {
  std::size_t k = 10;
};

// Symbols starting with `prefix` (case-sensitive), at most `limit`.
struct SearchRequest {
  std::string prefix;
  std::size_t limit = 10;
};

// Correlation matrix and volatilities of the symbols' last `window` daily
// returns.
struct AnalyticsRequest {
  std::vector<std::string> symbols;
  std::size_t window = 60;
};

// The latest bar of each symbol.
struct QuotesRequest {
  std::vector<std::string> symbols;
};

using Request =
    std::variant<DashboardRequest, PortfolioRequest, RecommendationsRequest,
                 SearchRequest, AnalyticsRequest, QuotesRequest>;

inline RequestKind kind_of(const Request& request) {
  return static_cast<RequestKind>(request.index());
}

}  // namespace marketbench::platform
