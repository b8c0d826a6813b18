#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "marketbench/cache/prediction_cache.hpp"
#include "marketbench/market/market.hpp"
#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/market/symbol_index.hpp"
#include "marketbench/ml/mlp.hpp"
#include "marketbench/ml/model_registry.hpp"
#include "marketbench/pipeline/daily_pipeline.hpp"
#include "marketbench/pipeline/results_board.hpp"
#include "marketbench/recommend/recommendation_engine.hpp"
#include "marketbench/store/results_database.hpp"

namespace marketbench::pipeline {

struct DeploymentConfig {
  std::size_t stocks = 1000;
  // Days in the price store before the first pipeline day: at least the
  // engine's min_history() so that every stock can be recommended.
  std::size_t history_days = 160;
  // Feed days generated ahead of the pipeline at a time (and reserved in the
  // store), so that running a day never generates or reallocates.
  std::size_t lookahead_days = 32;
  std::uint64_t market_seed = 20240601;
  // The feed's price process. kGbm (the default) keeps the values existing
  // tests pin; the benchmarks run kRegime, the learnable market the trained
  // model was made for (docs/MODEL_QUALITY.md).
  market::PriceProcess market_process = market::PriceProcess::kGbm;
  // The model named pipeline.model_name comes from a ml::ModelRegistry: read
  // from <model_directory>/<name>.mbm when a directory is given, otherwise
  // an Mlp::random(model_seed) (50-64-32-3) registered in memory: the random
  // model, for tests and speed-only runs. The benchmarks point this at the
  // build's model directory, where the trained recommender_v1.mbm is.
  std::filesystem::path model_directory;
  std::uint64_t model_seed = 7;
  std::uint32_t model_id = 1;
  // ":memory:" or a file (WAL): store::ResultsDatabase.
  std::string database_path = store::ResultsDatabase::kInMemory;
  // 0: three times the universe, room for yesterday's and today's
  // predictions with slack for the shards' uneven fill.
  std::size_t prediction_cache_capacity = 0;
  std::size_t prediction_cache_shards = 16;
  std::size_t top_k_cache_capacity = 256;
  recommend::EngineConfig engine;
  PipelineConfig pipeline;
};

// A whole platform back end, generated from seeds and wired together: the
// market feed (what the market-data API serves), its symbol index, the price
// store preloaded with history_days days of that feed, the model registry, the
// prediction cache, the recommendation engine, the results database, the
// results board and the daily pipeline over all of them. For benchmarks,
// tests and examples. Not movable: the components refer to each other.
class Deployment {
 public:
  // Throws std::invalid_argument for 0 stocks or history_days, and whatever
  // the components throw for their part of the config.
  explicit Deployment(const DeploymentConfig& config);
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;

  // The store day the next pipeline run produces.
  std::size_t next_day() const { return prices_.days(); }
  // Whether the feed already holds next_day() (and the store has room).
  bool feed_ready() const { return feed_.days() > prices_.days(); }
  // Generates lookahead_days more feed days if next_day() is not in the feed
  // yet and reserves store room for them. Outside a timed region: it costs
  // what generating and copying days costs.
  void extend_feed();
  // extend_feed(), then the pipeline's next day.
  PipelineReport run_next_day();

  const DeploymentConfig& config() const { return config_; }
  const market::Market& feed() const { return feed_; }
  const market::SymbolIndex& index() const { return index_; }
  market::PriceStore& prices() { return prices_; }
  const market::PriceStore& prices() const { return prices_; }
  const ml::ModelRegistry& models() const { return registry_; }
  const std::shared_ptr<const ml::Mlp>& model() const { return model_; }
  cache::PredictionCache& predictions() { return predictions_; }
  const recommend::RecommendationEngine& engine() const { return engine_; }
  store::ResultsDatabase& database() { return database_; }
  ResultsBoard& board() { return board_; }
  DailyPipeline& pipeline() { return pipeline_; }

 private:
  DeploymentConfig config_;
  market::MarketGenerator generator_;
  market::Market feed_;
  market::SymbolIndex index_;
  market::PriceStore prices_;
  ml::ModelRegistry registry_;
  std::shared_ptr<const ml::Mlp> model_;
  cache::PredictionCache predictions_;
  recommend::RecommendationEngine engine_;
  store::ResultsDatabase database_;
  ResultsBoard board_;
  DailyPipeline pipeline_;
};

}  // namespace marketbench::pipeline
