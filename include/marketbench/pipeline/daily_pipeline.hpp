#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "marketbench/cache/prediction_cache.hpp"
#include "marketbench/market/bulk_price_query.hpp"
#include "marketbench/market/market.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/market/quote_service.hpp"
#include "marketbench/market/symbol_index.hpp"
#include "marketbench/ml/feature_extractor.hpp"
#include "marketbench/ml/inference_workspace.hpp"
#include "marketbench/pipeline/pipeline_report.hpp"
#include "marketbench/pipeline/results_board.hpp"
#include "marketbench/recommend/recommendation_engine.hpp"
#include "marketbench/store/results_database.hpp"
#include "marketbench/store/rows.hpp"

namespace marketbench::pipeline {

struct PipelineConfig {
  // The market-data API. Each day is its own API session: a fresh token
  // bucket (a day apart, the rate limit has refilled) and a fault stream
  // seeded by (quotes.seed, day), so re-running a day meets the same faults.
  market::QuoteServiceConfig quotes;
  std::size_t fetch_batch = 100;   // symbols per request, <= quotes.max_batch
  std::size_t infer_batch = 256;   // stage 3 rows per inference call
  std::string model_name = "mlp";  // the predictions table's model column
  // Top-K lists computed when a day is published (the platform's common k).
  std::vector<std::size_t> warm_top_k = {5, 10, 20, 50};
  std::size_t movers = 10;  // gainers and losers kept in the summary

  // Throws std::invalid_argument naming the field: fetch_batch in
  // [1, quotes.max_batch], infer_batch >= 1, a non-empty model_name.
  void validate() const;
};

// The shared components a pipeline day reads and writes; none is owned, all
// must outlive the pipeline. The engine must read `prices` and use
// `predictions` as its cache; the feed, the index, the store and the engine
// must hold the same symbols in the same StockId order.
struct PipelineComponents {
  const market::Market* feed =
      nullptr;  // what the API serves: day d = store day d
  const market::SymbolIndex* index = nullptr;  // of the feed's symbols
  market::PriceStore* prices = nullptr;        // appended to, one day per run
  const recommend::RecommendationEngine* engine = nullptr;
  cache::PredictionCache* predictions = nullptr;
  store::ResultsDatabase* database = nullptr;
  ResultsBoard* board = nullptr;
};

// One trading day for every stock of the universe, in five stages on the
// calling thread:
//  1. fetch: BulkPriceQuery through a QuoteService session; the quotes are
//     appended to the PriceStore as the day's bars. A stock without a quote
//     after all retries fails (timeout / server_error / partial_response); so
//     that the store stays rectangular its bar is the previous close carried
//     forward with volume 0, and it is not recommended or persisted that day.
//  2. recommend: the engine scores every fetched stock as of the day, running
//     the model on its prediction-cache misses. Skipped stocks fail with the
//     engine's reason.
//  3. infer: the full probability row of every recommended stock, for the
//     predictions table. The engine keeps only P(BUY) - P(SELL), but its
//     inference went through the prediction cache, so this stage reads the
//     rows back from there and runs batched inference (features + Mlp) only
//     for rows the cache no longer holds (evicted when the cache is smaller
//     than the universe): nothing is computed twice.
//  4. persist: upserts the day's prices, predictions and recommendations of
//     the successful stocks in one transaction (ResultsDatabase::upsert_day).
//     If any row fails, the whole day is rolled back and every stock still in
//     the day fails with persist_failed; a re-run writes it again.
//  5. cache: drops the previous day's predictions from the prediction cache,
//     puts today's (refreshing their recency), and publishes the day on the
//     ResultsBoard with its top-K lists precomputed. A day with no success
//     is not published: the board keeps serving the last good day.
// Not thread-safe; the price store must not be read by other threads while a
// day runs (the platform serves between pipeline days).
class DailyPipeline {
 public:
  // Throws std::invalid_argument for a null component, mismatched universes
  // or a bad config.
  DailyPipeline(PipelineComponents components,
                const PipelineConfig& config = {});

  // Runs store day `day`: the next one (day == prices.days()), or the latest
  // one again (day == prices.days() - 1: the store is left as it is and the
  // database rows are upserted, so an unchanged re-run writes nothing).
  // Throws std::invalid_argument for any other day or one the feed lacks.
  PipelineReport run_day(std::size_t day);
  PipelineReport run_next_day() { return run_day(components_.prices->days()); }

  const PipelineConfig& config() const { return config_; }

 private:
  void fetch(std::size_t day, PipelineReport& report);
  void recommend(std::size_t day, PipelineReport& report);
  void infer(std::size_t day, PipelineReport& report);
  void persist(std::size_t day, PipelineReport& report);
  void refresh_caches(std::size_t day, PipelineReport& report);
  void fail(PipelineReport& report, market::StockId stock, Stage stage,
            FailureReason reason);

  PipelineComponents components_;
  PipelineConfig config_;
  std::optional<market::QuoteService> session_;

  // Reused from day to day.
  std::vector<market::QuoteResult> quotes_;
  std::vector<market::Bar> bars_;
  std::vector<market::StockId> fetched_;
  recommend::EngineWorkspace engine_workspace_;
  recommend::RecommendationResult scored_;
  std::vector<cache::PredictionKey> keys_;
  std::vector<cache::Prediction> predictions_;
  std::vector<std::size_t> missed_;
  std::vector<char> inferred_;  // by position in scored_: row available
  ml::FeatureExtractor extractor_;
  ml::InferenceWorkspace inference_;
  std::vector<float> features_;
  std::vector<float> probabilities_;
  std::vector<std::size_t> batch_;
  std::vector<cache::PredictionKey> computed_keys_;
  std::vector<cache::Prediction> computed_;
  std::vector<recommend::Recommendation> successes_;
  std::vector<cache::PredictionKey> success_keys_;
  std::vector<cache::Prediction> success_predictions_;
  std::vector<store::PriceRow> price_rows_;
  std::vector<store::PredictionRow> prediction_rows_;
  std::vector<store::RecommendationRow> recommendation_rows_;
};

}  // namespace marketbench::pipeline
