#pragma once

// What the platform answers: a status per request (an error never escapes
// Platform::handle as an exception) and, when the status is kOk, the result
// struct of the request's kind.

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "marketbench/market/ohlcv.hpp"
#include "marketbench/platform/request.hpp"
#include "marketbench/recommend/decision.hpp"
#include "marketbench/store/rows.hpp"

namespace marketbench::platform {

enum class Status : std::uint8_t {
  kOk = 0,
  kBadRequest = 1,     // a parameter out of its documented range
  kNotFound = 2,       // an unknown symbol
  kUnavailable = 3,    // nothing published yet, or too little history
  kInternalError = 4,  // anything else that went wrong while serving
};
inline constexpr std::size_t kStatusCount = 5;

// "ok", "bad_request", "not_found", "unavailable", "internal_error".
std::string_view status_name(Status status);

// Thrown by the handlers and turned into a Response by Platform::handle.
class RequestError : public std::runtime_error {
 public:
  RequestError(Status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  Status status() const { return status_; }

 private:
  Status status_;
};

struct Mover {
  std::string symbol;
  market::StockId stock = 0;
  double close = 0;
  double change = 0;  // close / previous close - 1
};

struct DashboardResult {
  store::Day day = 0;
  std::size_t stocks = 0;  // with a recommendation on that day
  // Indexed by recommend::Action: SELL, HOLD, BUY.
  std::array<std::size_t, 3> actions{};
  std::size_t advancers = 0;
  std::size_t decliners = 0;
  std::size_t unchanged = 0;
  std::vector<Mover> gainers;  // biggest rise first
  std::vector<Mover> losers;   // biggest fall first
};

struct Position {
  std::string symbol;
  market::StockId stock = 0;
  double quantity = 0;
  double cost_basis = 0;
  double price = 0;       // latest close
  double value = 0;       // quantity * price
  double pnl = 0;         // quantity * (price - cost_basis)
  double weight = 0;      // value / portfolio value
  double volatility = 0;  // annualised, of the stock's daily returns
};

struct PortfolioResult {
  std::vector<Position> positions;  // in request order
  double value = 0;
  double cost = 0;
  double pnl = 0;
  // Annualised volatility of the daily returns of the portfolio held at
  // today's weights: sqrt(w' S w * 252) with S the daily covariance.
  double volatility = 0;
  std::size_t window = 0;
};

struct RecommendedStock {
  std::string symbol;
  market::StockId stock = 0;
  recommend::Action action = recommend::Action::kHold;
  double score = 0;
  double confidence = 0;
  // The model's P(SELL), P(HOLD), P(BUY); valid when has_probabilities.
  std::array<float, 3> probabilities{};
  bool has_probabilities = false;
};

struct RecommendationsResult {
  store::Day day = 0;
  std::vector<RecommendedStock> items;  // best first
  // Where each item's probabilities came from: the cached top-K list (the
  // day was published with them), the prediction cache, or the database.
  std::size_t probabilities_from_top_k = 0;
  std::size_t probabilities_from_cache = 0;
  std::size_t probabilities_from_database = 0;
};

struct SymbolMatch {
  std::string symbol;
  market::StockId stock = 0;
  double last_close = 0;
};

struct SearchResult {
  std::vector<SymbolMatch> matches;  // in symbol order
  std::size_t total_matches = 0;     // before the limit
};

struct AnalyticsResult {
  std::vector<std::string> symbols;
  std::size_t window = 0;
  std::vector<double> volatilities;  // annualised, by symbol
  std::vector<double> correlation;   // row-major symbols x symbols
  double correlation_at(std::size_t i, std::size_t j) const {
    return correlation[i * symbols.size() + j];
  }
};

struct Quote {
  std::string symbol;
  market::StockId stock = 0;
  market::Bar bar;
};

struct QuotesResult {
  store::Day day = 0;
  std::vector<Quote> quotes;  // in request order
};

// The alternative after monostate matches the request kind.
using Result = std::variant<std::monostate, DashboardResult, PortfolioResult,
                            RecommendationsResult, SearchResult,
                            AnalyticsResult, QuotesResult>;

struct Response {
  RequestKind kind = RequestKind::kDashboard;
  Status status = Status::kOk;
  std::string error;  // empty when ok
  Result result;      // monostate unless ok

  bool ok() const { return status == Status::kOk; }
};

}  // namespace marketbench::platform
