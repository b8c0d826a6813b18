#include "marketbench/platform/platform.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>
#include <utility>

#include "marketbench/platform/analytics.hpp"
#include "marketbench/platform/portfolio.hpp"
#include "resolve.hpp"

namespace marketbench::platform {

namespace {

const PlatformSources& checked(const PlatformSources& sources) {
  if (sources.prices == nullptr || sources.index == nullptr ||
      sources.board == nullptr) {
    throw std::invalid_argument(
        "Platform: prices, index and board are required");
  }
  if (sources.prices->stocks() != sources.index->size()) {
    throw std::invalid_argument(fmt::format(
        "Platform: the price store holds {} stocks but the index {}",
        sources.prices->stocks(), sources.index->size()));
  }
  return sources;
}

// A small number per thread, handed out in order of first use: spreads the
// threads over the reader connections.
std::size_t thread_slot() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t slot =
      next.fetch_add(1, std::memory_order_relaxed);
  return slot;
}

Mover mover(const market::SymbolIndex& index, const pipeline::DayMover& m) {
  return {index.symbol(m.stock), m.stock, m.close, m.change};
}

}  // namespace

Platform::Platform(PlatformSources sources, PlatformConfig config)
    : sources_(checked(sources)), config_(std::move(config)) {
  store::ResultsDatabase* db = sources_.database;
  if (db != nullptr && !db->in_memory()) {
    for (std::size_t i = 0; i < config_.reader_connections; ++i) {
      readers_.push_back(std::make_unique<store::ResultsDatabase>(db->path()));
    }
  }
}

Platform::~Platform() = default;

Response Platform::handle(const Request& request) {
  Response response;
  response.kind = kind_of(request);
  try {
    switch (response.kind) {
      case RequestKind::kDashboard:
        response.result = dashboard(std::get<DashboardRequest>(request));
        break;
      case RequestKind::kPortfolio:
        response.result = value_portfolio(*sources_.prices, *sources_.index,
                                          std::get<PortfolioRequest>(request));
        break;
      case RequestKind::kRecommendations:
        response.result =
            recommendations(std::get<RecommendationsRequest>(request));
        break;
      case RequestKind::kSearch:
        response.result = search(std::get<SearchRequest>(request));
        break;
      case RequestKind::kAnalytics:
        response.result = analyse_returns(*sources_.prices, *sources_.index,
                                          std::get<AnalyticsRequest>(request));
        break;
      case RequestKind::kQuotes:
        response.result = quotes(std::get<QuotesRequest>(request));
        break;
    }
  } catch (const RequestError& error) {
    response.status = error.status();
    response.error = error.what();
    response.result = std::monostate{};
  } catch (const std::exception& error) {
    response.status = Status::kInternalError;
    response.error = error.what();
    response.result = std::monostate{};
  }
  return response;
}

const pipeline::PublishedDay& Platform::published() const {
  const pipeline::PublishedDay* day = sources_.board->current_pinned();
  if (day == nullptr) {
    throw RequestError(Status::kUnavailable, "no trading day published yet");
  }
  return *day;
}

void Platform::require_prices() const {
  if (sources_.prices->days() == 0) {
    throw RequestError(Status::kUnavailable, "the price store is empty");
  }
}

store::ResultsDatabase* Platform::reader() {
  if (!readers_.empty()) {
    return readers_[thread_slot() % readers_.size()].get();
  }
  return sources_.database;
}

DashboardResult Platform::dashboard(const DashboardRequest& request) const {
  detail::check_count("movers", request.movers, 1, kMaxSymbolsPerRequest);
  const pipeline::PublishedDay& day = published();
  DashboardResult result;
  result.day = day.day;
  result.stocks = day.recommendations.size();
  result.actions = day.actions;
  result.advancers = day.advancers;
  result.decliners = day.decliners;
  result.unchanged = day.unchanged;
  const std::size_t gainers = std::min(request.movers, day.gainers.size());
  const std::size_t losers = std::min(request.movers, day.losers.size());
  result.gainers.reserve(gainers);
  result.losers.reserve(losers);
  for (std::size_t i = 0; i < gainers; ++i) {
    result.gainers.push_back(mover(*sources_.index, day.gainers[i]));
  }
  for (std::size_t i = 0; i < losers; ++i) {
    result.losers.push_back(mover(*sources_.index, day.losers[i]));
  }
  return result;
}

RecommendationsResult Platform::recommendations(
    const RecommendationsRequest& request) {
  detail::check_count("k", request.k, 1, kMaxTopK);
  const pipeline::PublishedDay& day = published();
  const pipeline::TopKList& top = sources_.board->top_k_pinned(day, request.k);

  RecommendationsResult result;
  result.day = day.day;
  const std::size_t n = top.recommendations.size();
  const bool listed = top.predictions.size() == n;
  result.items.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const recommend::Recommendation& r = top.recommendations[i];
    RecommendedStock item;
    item.symbol = r.symbol;
    item.stock = r.stock;
    item.action = r.action;
    item.score = r.score;
    item.confidence = r.confidence;
    if (listed) {
      // Published with the day: no per-stock lookup on the hot path.
      item.probabilities = top.predictions[i].probabilities;
      item.has_probabilities = true;
      ++result.probabilities_from_top_k;
    } else {
      item.has_probabilities =
          lookup_probabilities(r.stock, day.day, item.probabilities, result);
    }
    result.items.push_back(std::move(item));
  }
  return result;
}

bool Platform::lookup_probabilities(market::StockId stock, store::Day day,
                                    std::array<float, 3>& out,
                                    RecommendationsResult& counts) {
  if (sources_.predictions == nullptr) return false;
  const cache::PredictionKey key{config_.model_id, stock,
                                 config_.first_calendar_day + day};
  if (const std::optional<cache::Prediction> hit =
          sources_.predictions->get(key)) {
    out = hit->probabilities;
    ++counts.probabilities_from_cache;
    return true;
  }
  store::ResultsDatabase* db = reader();
  if (db == nullptr) return false;
  for (const store::PredictionRow& row : db->predictions(stock, day)) {
    if (row.model != config_.model_name) continue;
    const cache::Prediction prediction{{static_cast<float>(row.p_sell),
                                        static_cast<float>(row.p_hold),
                                        static_cast<float>(row.p_buy)}};
    sources_.predictions->put(key, prediction);
    out = prediction.probabilities;
    ++counts.probabilities_from_database;
    return true;
  }
  return false;
}

SearchResult Platform::search(const SearchRequest& request) const {
  detail::check_count("limit", request.limit, 1, kMaxSearchResults);
  require_prices();
  const std::span<const market::StockId> all =
      sources_.index->prefix_search(request.prefix);
  SearchResult result;
  result.total_matches = all.size();
  const std::span<const market::StockId> shown =
      all.first(std::min(request.limit, all.size()));
  result.matches.reserve(shown.size());
  for (const market::StockId id : shown) {
    result.matches.push_back(
        {sources_.index->symbol(id), id, sources_.prices->latest(id).close});
  }
  return result;
}

QuotesResult Platform::quotes(const QuotesRequest& request) const {
  detail::check_count("symbols", request.symbols.size(), 1,
                      kMaxSymbolsPerRequest);
  require_prices();
  QuotesResult result;
  result.day = static_cast<store::Day>(sources_.prices->days() - 1);
  result.quotes.reserve(request.symbols.size());
  for (const std::string& symbol : request.symbols) {
    const market::StockId id = detail::resolve(*sources_.index, symbol);
    result.quotes.push_back({symbol, id, sources_.prices->latest(id)});
  }
  return result;
}

}  // namespace marketbench::platform
