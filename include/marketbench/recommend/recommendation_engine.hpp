#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "marketbench/cache/prediction_cache.hpp"
#include "marketbench/market/ohlcv.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/ml/feature_extractor.hpp"
#include "marketbench/ml/inference_workspace.hpp"
#include "marketbench/ml/mlp.hpp"
#include "marketbench/recommend/decision.hpp"
#include "marketbench/recommend/recommendation.hpp"
#include "marketbench/recommend/rule_score.hpp"
#include "marketbench/recommend/signals.hpp"

namespace marketbench::recommend {

struct EngineConfig {
  RuleConfig rules;
  DecisionConfig decision;
  // Stocks looked up in the prediction cache together; their misses go to the
  // model in one inference call.
  std::size_t batch_size = 64;
  // The cache key's as_of_day (days since 1970-01-01) of the store's day 0;
  // store day d is first_calendar_day + d. 20089 is 2025-01-01.
  std::int32_t first_calendar_day = 20089;

  // Validates rules and decision too; throws std::invalid_argument naming the
  // bad field (batch_size must be >= 1).
  void validate() const;
};

// What one call did. scored + skipped == stocks, always.
struct EngineStats {
  std::size_t stocks = 0;
  std::size_t scored = 0;
  std::size_t skipped = 0;
  std::array<std::size_t, kSkipReasonCount> skipped_by_reason{};
  std::size_t cache_hits = 0;
  std::size_t cache_misses = 0;
  std::size_t inferred = 0;         // stocks the model ran on (valid misses)
  std::size_t inference_calls = 0;  // batched model calls

  EngineStats& operator+=(const EngineStats& other);
};

// The outcome of one call: the recommendations (all of them in universe order
// for score_universe(), the best k first for recommend()), every skipped stock
// with its reason, and the counts. Reuse one object across calls to keep its
// vectors' capacity.
struct RecommendationResult {
  std::vector<Recommendation> recommendations;
  std::vector<SkippedStock> skipped;
  EngineStats stats;
};

// The prices the engine reads. A stock listed on day L (listed_on[id] = L) has
// no history before L: its usable history as of day t is t - L + 1 days.
// listed_on empty means every stock trades from day 0.
struct MarketData {
  const market::PriceStore* prices = nullptr;
  std::vector<std::string> symbols;  // by StockId; size == prices->stocks()
  std::vector<std::size_t> listed_on;
};

class RecommendationEngine;

// Per-thread scratch: feature rows and probabilities for one batch, the model
// workspace, the feature extractor and indicator buffers, the cache keys and
// the full scored list that top-K selects from. Sized for its engine at
// construction; after the first call on a universe of a given size, calls
// allocate nothing beyond what the result object needs. Never share one
// between threads.
class EngineWorkspace {
 public:
  explicit EngineWorkspace(const RecommendationEngine& engine);

 private:
  friend class RecommendationEngine;
  void clear_batch();

  ml::FeatureExtractor extractor_;
  ml::InferenceWorkspace inference_;
  SignalScratch signals_;
  std::vector<float> features_;       // batch_size x kFeatureCount, row-major
  std::vector<float> probabilities_;  // batch_size x 3, row-major
  std::vector<cache::PredictionKey> keys_;
  std::vector<cache::Prediction> predictions_;
  std::vector<std::size_t> missed_;
  std::vector<std::size_t> inferred_;         // the misses the model runs on
  std::vector<std::uint8_t> usable_;          // per batch entry
  std::vector<std::size_t> available_;        // days of history, per entry
  std::vector<market::OhlcvView> histories_;  // of the stocks in the batch
  std::vector<double> rule_scores_;           // of the stocks in the batch
  std::vector<market::StockId> batch_ids_;
  std::vector<Recommendation> scored_;  // recommend(): everything, before top-K
  std::vector<std::uint32_t> order_;    // top-K selection scratch
};

// Indicator rules + model probabilities -> BUY / HOLD / SELL with a score and a
// confidence, for a universe of stocks as of one day.
//
// For each stock: the rule score from its indicator signals (rule_score.hpp),
// the ML score P(BUY) - P(SELL) from the model's prediction for (model, stock,
// day) — served by the shared PredictionCache, the misses of each batch of
// batch_size stocks computed by one batched inference and stored back — and the
// decision (decision.hpp). Stocks with less history than the signals and the
// features need, or with non-finite or non-positive prices or negative volumes
// in the window read, are skipped, listed with their reason and counted.
// (Closes are checked for every stock; the other fields when a cache miss
// sends the stock to the feature extractor: a cached prediction was computed
// from the same data, so a hit has passed that check already.)
//
// Every method is const and the engine holds only immutable state (the model is
// shared read-only; the cache is thread-safe), so one engine serves any number
// of threads, each passing its own EngineWorkspace. The price store must not
// grow (append_day) while calls are running.
//
// Answers are deterministic: the same stocks, day, model and config give the
// same recommendations whatever the cache holds and whichever thread asks,
// bit for bit with the SIMD inference kernels (batch-invariant). With the
// Eigen fallback kernel a sample's probabilities can differ in the last float
// bits with the batch it was inferred in, which depends on the cache state.
class RecommendationEngine {
 public:
  // Throws std::invalid_argument when prices or model is null, the symbols or
  // listed_on do not match the store's stock count, the model does not take
  // FeatureExtractor::kFeatureCount inputs, or the config is invalid.
  RecommendationEngine(MarketData data, std::shared_ptr<const ml::Mlp> model,
                       std::uint32_t model_id, cache::PredictionCache& cache,
                       EngineConfig config = {});

  // Days of history a stock needs: the longest of the features' and the
  // signals' windows.
  std::size_t min_history() const { return min_history_; }
  const EngineConfig& config() const { return config_; }
  const ml::Mlp& model() const { return *model_; }
  std::uint32_t model_id() const { return model_id_; }
  std::size_t stocks() const { return data_.symbols.size(); }
  std::span<const std::string> symbols() const { return data_.symbols; }
  // The prediction cache key of a stock as of store day `as_of`.
  cache::PredictionKey key(market::StockId stock, std::size_t as_of) const;

  // Every stock of `universe` as of store day `as_of` (histories end there):
  // out.recommendations in universe order, out.skipped, out.stats. Throws
  // std::out_of_range naming the value for as_of >= the store's days or an
  // unknown StockId.
  void score_universe(std::span<const market::StockId> universe,
                      std::size_t as_of, EngineWorkspace& workspace,
                      RecommendationResult& out) const;

  // The k best of `universe` by score (ties by symbol, then id), best first;
  // skipped stocks and stats as in score_universe().
  void recommend(std::span<const market::StockId> universe, std::size_t as_of,
                 std::size_t k, EngineWorkspace& workspace,
                 RecommendationResult& out) const;
  // Convenience form with a temporary workspace (allocates).
  RecommendationResult recommend(std::span<const market::StockId> universe,
                                 std::size_t as_of, std::size_t k) const;

 private:
  void score_into(std::span<const market::StockId> universe, std::size_t as_of,
                  EngineWorkspace& ws, std::vector<Recommendation>& scored,
                  RecommendationResult& out) const;
  void flush_batch(EngineWorkspace& ws, std::vector<Recommendation>& scored,
                   RecommendationResult& out) const;
  void record_skip(RecommendationResult& out, market::StockId id,
                   SkipReason reason, std::size_t available) const;

  MarketData data_;
  std::shared_ptr<const ml::Mlp> model_;
  std::uint32_t model_id_;
  cache::PredictionCache* cache_;
  EngineConfig config_;
  std::size_t min_history_;
};

}  // namespace marketbench::recommend
