#include "marketbench/recommend/recommendation_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "marketbench/recommend/top_k.hpp"

namespace marketbench::recommend {
namespace {

constexpr std::size_t kFeatures = ml::FeatureExtractor::kFeatureCount;
constexpr std::size_t kClasses = ml::kNumClasses;
constexpr double kMaxFinite = std::numeric_limits<double>::max();

// Days [from, from + count) of a history.
market::OhlcvView slice(const market::OhlcvView& h, std::size_t from,
                        std::size_t count) {
  return {h.open.subspan(from, count), h.high.subspan(from, count),
          h.low.subspan(from, count), h.close.subspan(from, count),
          h.volume.subspan(from, count)};
}

// Branch-free (NaN fails both comparisons, and counting lets the compiler
// vectorise): the close check runs for every stock, cached or not.
bool all_positive_finite(std::span<const double> xs) {
  std::size_t good = 0;
  for (const double x : xs) good += (x > 0.0) & (x <= kMaxFinite);
  return good == xs.size();
}

bool all_non_negative_finite(std::span<const double> xs) {
  std::size_t good = 0;
  for (const double x : xs) good += (x >= 0.0) & (x <= kMaxFinite);
  return good == xs.size();
}

// What the feature extractor demands of its window, checked before it runs
// so that a bad stock is a counted skip, not an exception mid-batch.
bool valid_window(const market::OhlcvView& h) {
  return all_positive_finite(h.open) && all_positive_finite(h.high) &&
         all_positive_finite(h.low) && all_positive_finite(h.close) &&
         all_non_negative_finite(h.volume);
}

}  // namespace

void EngineConfig::validate() const {
  rules.validate();
  decision.validate();
  if (batch_size == 0)
    throw std::invalid_argument(
        "EngineConfig: batch_size must be >= 1 (got 0)");
}

EngineStats& EngineStats::operator+=(const EngineStats& other) {
  stocks += other.stocks;
  scored += other.scored;
  skipped += other.skipped;
  for (std::size_t i = 0; i < kSkipReasonCount; ++i)
    skipped_by_reason[i] += other.skipped_by_reason[i];
  cache_hits += other.cache_hits;
  cache_misses += other.cache_misses;
  inferred += other.inferred;
  inference_calls += other.inference_calls;
  return *this;
}

void EngineWorkspace::clear_batch() {
  keys_.clear();
  histories_.clear();
  available_.clear();
  rule_scores_.clear();
  batch_ids_.clear();
}

EngineWorkspace::EngineWorkspace(const RecommendationEngine& engine)
    : inference_(engine.model(), engine.config().batch_size) {
  const std::size_t batch = engine.config().batch_size;
  features_.resize(batch * kFeatures);
  probabilities_.resize(batch * kClasses);
  keys_.reserve(batch);
  predictions_.resize(batch);
  missed_.reserve(batch);
  inferred_.reserve(batch);
  usable_.reserve(batch);
  available_.reserve(batch);
  histories_.reserve(batch);
  rule_scores_.reserve(batch);
  batch_ids_.reserve(batch);
}

RecommendationEngine::RecommendationEngine(MarketData data,
                                           std::shared_ptr<const ml::Mlp> model,
                                           std::uint32_t model_id,
                                           cache::PredictionCache& cache,
                                           EngineConfig config)
    : data_(std::move(data)),
      model_(std::move(model)),
      model_id_(model_id),
      cache_(&cache),
      config_(config),
      min_history_(std::max(ml::FeatureExtractor::min_history_days(),
                            config_.rules.min_history())) {
  if (data_.prices == nullptr)
    throw std::invalid_argument("RecommendationEngine: no price store given");
  if (model_ == nullptr)
    throw std::invalid_argument("RecommendationEngine: no model given");
  config_.validate();
  const std::size_t stocks = data_.prices->stocks();
  if (data_.symbols.size() != stocks) {
    throw std::invalid_argument(fmt::format(
        "RecommendationEngine: {} symbols for a price store of {} stocks",
        data_.symbols.size(), stocks));
  }
  if (!data_.listed_on.empty() && data_.listed_on.size() != stocks) {
    throw std::invalid_argument(fmt::format(
        "RecommendationEngine: {} listing days for a price store of {} stocks",
        data_.listed_on.size(), stocks));
  }
  if (model_->inputs() != kFeatures) {
    throw std::invalid_argument(fmt::format(
        "RecommendationEngine: the model takes {} inputs, the features are {}",
        model_->inputs(), kFeatures));
  }
}

cache::PredictionKey RecommendationEngine::key(market::StockId stock,
                                               std::size_t as_of) const {
  return {model_id_, stock,
          config_.first_calendar_day + static_cast<std::int32_t>(as_of)};
}

void RecommendationEngine::score_universe(
    std::span<const market::StockId> universe, std::size_t as_of,
    EngineWorkspace& workspace, RecommendationResult& out) const {
  score_into(universe, as_of, workspace, out.recommendations, out);
}

void RecommendationEngine::recommend(std::span<const market::StockId> universe,
                                     std::size_t as_of, std::size_t k,
                                     EngineWorkspace& workspace,
                                     RecommendationResult& out) const {
  score_into(universe, as_of, workspace, workspace.scored_, out);
  select_top_k(workspace.scored_, k, workspace.order_, out.recommendations);
}

RecommendationResult RecommendationEngine::recommend(
    std::span<const market::StockId> universe, std::size_t as_of,
    std::size_t k) const {
  EngineWorkspace workspace(*this);
  RecommendationResult out;
  recommend(universe, as_of, k, workspace, out);
  return out;
}

void RecommendationEngine::record_skip(RecommendationResult& out,
                                       market::StockId id, SkipReason reason,
                                       std::size_t available) const {
  out.skipped.push_back(
      {id, data_.symbols[id], reason, available, min_history_});
  ++out.stats.skipped;
  ++out.stats.skipped_by_reason[static_cast<std::size_t>(reason)];
}

void RecommendationEngine::score_into(std::span<const market::StockId> universe,
                                      std::size_t as_of, EngineWorkspace& ws,
                                      std::vector<Recommendation>& scored,
                                      RecommendationResult& out) const {
  const market::PriceStore& prices = *data_.prices;
  if (as_of >= prices.days()) {
    throw std::out_of_range(fmt::format(
        "RecommendationEngine: as-of day {} is beyond the store's {} days",
        as_of, prices.days()));
  }
  scored.clear();
  out.skipped.clear();
  out.stats = EngineStats{};
  out.stats.stocks = universe.size();
  ws.clear_batch();

  // Neither the features nor the signals look further back than this.
  const std::size_t read_days = std::max(
      {ml::FeatureExtractor::kWindowDays, config_.rules.window, min_history_});

  for (const market::StockId id : universe) {
    if (id >= data_.symbols.size()) {
      throw std::out_of_range(fmt::format(
          "RecommendationEngine: stock id {} is not in the universe of {}", id,
          data_.symbols.size()));
    }
    const std::size_t listed =
        data_.listed_on.empty() ? 0 : data_.listed_on[id];
    const std::size_t available = as_of + 1 > listed ? as_of + 1 - listed : 0;
    if (available < min_history_) {
      record_skip(out, id, SkipReason::kInsufficientHistory, available);
      continue;
    }
    const std::size_t days = std::min(available, read_days);
    const market::OhlcvView history =
        slice(prices.history(id), as_of + 1 - days, days);
    // The rules read only closes; the other fields are checked on a cache
    // miss, before the features read them (see flush_batch).
    if (!all_positive_finite(history.close)) {
      record_skip(out, id, SkipReason::kInvalidData, available);
      continue;
    }
    const double rule = rule_score(
        compute_signals(history, config_.rules, ws.signals_), config_.rules);
    if (!std::isfinite(rule)) {
      record_skip(out, id, SkipReason::kInvalidData, available);
      continue;
    }
    ws.batch_ids_.push_back(id);
    ws.histories_.push_back(history);
    ws.available_.push_back(available);
    ws.rule_scores_.push_back(rule);
    ws.keys_.push_back(key(id, as_of));
    if (ws.keys_.size() == config_.batch_size) flush_batch(ws, scored, out);
  }
  if (!ws.keys_.empty()) flush_batch(ws, scored, out);
  out.stats.scored = scored.size();
}

// One cache lookup for the batch; the misses whose window the features can
// read go through the extractor and one inference call and are stored back.
// A hit needs no such check: the prediction was computed from the same
// (model, stock, day) data, which passed it then.
void RecommendationEngine::flush_batch(EngineWorkspace& ws,
                                       std::vector<Recommendation>& scored,
                                       RecommendationResult& out) const {
  const std::size_t n = ws.keys_.size();
  const std::span<cache::Prediction> predictions(ws.predictions_.data(), n);
  const std::size_t hits =
      cache_->lookup_batch(ws.keys_, predictions, ws.missed_);
  out.stats.cache_hits += hits;
  out.stats.cache_misses += n - hits;

  ws.usable_.assign(n, 1);
  ws.inferred_.clear();
  const std::span<float> features(ws.features_);
  for (const std::size_t i : ws.missed_) {
    if (!valid_window(ws.histories_[i])) {
      ws.usable_[i] = 0;
      continue;
    }
    ws.extractor_.extract(
        ws.histories_[i],
        features.subspan(ws.inferred_.size() * kFeatures, kFeatures));
    ws.inferred_.push_back(i);
  }
  const std::size_t m = ws.inferred_.size();
  if (m > 0) {
    model_->infer(std::span<const float>(ws.features_).first(m * kFeatures),
                  std::span<float>(ws.probabilities_).first(m * kClasses),
                  ws.inference_);
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t i = ws.inferred_[j];
      std::copy_n(
          ws.probabilities_.begin() + static_cast<std::ptrdiff_t>(j * kClasses),
          kClasses, predictions[i].probabilities.begin());
      cache_->put(ws.keys_[i], predictions[i]);
    }
    out.stats.inferred += m;
    ++out.stats.inference_calls;
  }

  for (std::size_t i = 0; i < n; ++i) {
    const market::StockId id = ws.batch_ids_[i];
    if (ws.usable_[i] == 0) {
      record_skip(out, id, SkipReason::kInvalidData, ws.available_[i]);
      continue;
    }
    const auto& p = predictions[i].probabilities;
    const double ml = ml_score(p[0], p[2]);
    const Decision d = decide(ws.rule_scores_[i], ml, config_.decision);
    Recommendation& r = scored.emplace_back();
    r.stock = id;
    r.symbol = data_.symbols[id];
    r.action = d.action;
    r.score = d.score;
    r.rule_score = ws.rule_scores_[i];
    r.ml_score = ml;
    r.confidence = d.confidence;
  }
  ws.clear_batch();
}

}  // namespace marketbench::recommend
