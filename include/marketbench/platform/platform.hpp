#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "marketbench/cache/prediction_cache.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/market/symbol_index.hpp"
#include "marketbench/pipeline/results_board.hpp"
#include "marketbench/platform/request.hpp"
#include "marketbench/platform/response.hpp"
#include "marketbench/store/results_database.hpp"

namespace marketbench::platform {

// What the platform serves from; none is owned, all must outlive it.
struct PlatformSources {
  const market::PriceStore* prices = nullptr;  // required
  const market::SymbolIndex* index =
      nullptr;                              // required, of the store's stocks
  pipeline::ResultsBoard* board = nullptr;  // required
  // Optional: the model's probabilities shown with each recommendation.
  cache::PredictionCache* predictions = nullptr;
  // Optional: where a prediction-cache miss is read from (and then cached).
  store::ResultsDatabase* database = nullptr;
};

struct PlatformConfig {
  // How the pipeline keys and stores predictions (recommend::EngineConfig,
  // pipeline::PipelineConfig): key.as_of_day = first_calendar_day + day.
  std::uint32_t model_id = 1;
  std::int32_t first_calendar_day = 20089;
  std::string model_name = "mlp";
  // Connections of its own opened on a file database, used only to read and
  // picked by thread, so concurrent cache misses read in parallel (WAL lets
  // readers run beside the pipeline's writer). 0, or an in-memory database
  // (private to its connection): every read goes through `database`, whose
  // mutex serialises them.
  std::size_t reader_connections = 4;
};

// The request facade: Platform::handle serves the six request kinds from
// shared, read-mostly components, from any number of threads at once.
//
// - dashboard: the published day's summary (counts by action, advancers and
//   decliners, top movers), precomputed by the pipeline.
// - portfolio, analytics: Eigen statistics over price-store windows
//   (portfolio.hpp, analytics.hpp); per-request buffers only.
// - recommendations: the top-K list from the board's sharded top-K cache.
//   A day published by the pipeline carries each stock's probabilities, so
//   the list has them; otherwise each comes from the sharded prediction
//   cache, a miss read from the database and cached.
// - search: SymbolIndex prefix search; quotes: PriceStore::latest.
// No global lock: the board is read without a lock (ResultsBoard), the caches
// lock one shard per lookup, the database is touched only on a cache miss
// (through a per-thread reader connection when the database is a file).
//
// The price store must not be appended to while requests are served (the
// pipeline runs between serving periods); the board may be republished at
// any time.
class Platform {
 public:
  // Throws std::invalid_argument for a missing required source or a store and
  // index of different sizes, and store::DatabaseError if a reader connection
  // cannot be opened.
  explicit Platform(PlatformSources sources, PlatformConfig config = {});
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Serves one request. Never throws: every error becomes the response's
  // status and message (RequestError statuses; anything else, even
  // std::bad_alloc, is kInternalError).
  Response handle(const Request& request);

  const PlatformConfig& config() const { return config_; }

 private:
  DashboardResult dashboard(const DashboardRequest& request) const;
  RecommendationsResult recommendations(const RecommendationsRequest& request);
  // Probabilities of `stock` on `day` from the prediction cache, else from
  // the database (then cached); false when neither has them.
  bool lookup_probabilities(market::StockId stock, store::Day day,
                            std::array<float, 3>& out,
                            RecommendationsResult& counts);
  SearchResult search(const SearchRequest& request) const;
  QuotesResult quotes(const QuotesRequest& request) const;
  // The board's current day, pinned by this thread for the request (see
  // ResultsBoard::current_pinned): no shared write.
  const pipeline::PublishedDay& published() const;
  void require_prices() const;
  store::ResultsDatabase* reader();

  PlatformSources sources_;
  PlatformConfig config_;
  std::vector<std::unique_ptr<store::ResultsDatabase>> readers_;
};

}  // namespace marketbench::platform
