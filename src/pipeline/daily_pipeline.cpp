#include "marketbench/pipeline/daily_pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <utility>

#include "marketbench/core/random.hpp"
#include "marketbench/pipeline/stage_timer.hpp"

namespace marketbench::pipeline {

namespace {

constexpr std::size_t kFeatures = ml::FeatureExtractor::kFeatureCount;
constexpr std::size_t kClasses = 3;

FailureReason fetch_failure(market::FailureReason reason) {
  switch (reason) {
    case market::FailureReason::kTimeout:
      return FailureReason::kTimeout;
    case market::FailureReason::kServerError:
      return FailureReason::kServerError;
    case market::FailureReason::kPartialResponse:
    case market::FailureReason::kNone:
      break;
  }
  return FailureReason::kPartialResponse;
}

FailureReason skip_failure(recommend::SkipReason reason) {
  return reason == recommend::SkipReason::kInsufficientHistory
             ? FailureReason::kInsufficientHistory
             : FailureReason::kInvalidData;
}

const PipelineComponents& checked(const PipelineComponents& c) {
  if (c.feed == nullptr || c.index == nullptr || c.prices == nullptr ||
      c.engine == nullptr || c.predictions == nullptr ||
      c.database == nullptr || c.board == nullptr) {
    throw std::invalid_argument("DailyPipeline: a component is null");
  }
  const std::size_t n = c.feed->stocks();
  if (c.index->size() != n || c.prices->stocks() != n ||
      c.engine->stocks() != n) {
    throw std::invalid_argument(fmt::format(
        "DailyPipeline: universes differ: feed {}, index {}, price store {}, "
        "engine {} stocks",
        n, c.index->size(), c.prices->stocks(), c.engine->stocks()));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& symbol = c.feed->symbols()[i];
    if (c.engine->symbols()[i] != symbol ||
        c.index->symbol(static_cast<market::StockId>(i)) != symbol) {
      throw std::invalid_argument(fmt::format(
          "DailyPipeline: stock {} is {} in the feed but {} in the engine "
          "and {} in the index",
          i, symbol, c.engine->symbols()[i],
          c.index->symbol(static_cast<market::StockId>(i))));
    }
  }
  return c;
}

const PipelineConfig& validated(const PipelineConfig& config) {
  config.validate();
  return config;
}

}  // namespace

void PipelineConfig::validate() const {
  if (fetch_batch == 0 || fetch_batch > quotes.max_batch) {
    throw std::invalid_argument(
        fmt::format("PipelineConfig: fetch_batch must be in [1, {}] (got {})",
                    quotes.max_batch, fetch_batch));
  }
  if (infer_batch == 0) {
    throw std::invalid_argument("PipelineConfig: infer_batch must be >= 1");
  }
  if (model_name.empty()) {
    throw std::invalid_argument("PipelineConfig: model_name is empty");
  }
}

DailyPipeline::DailyPipeline(PipelineComponents components,
                             const PipelineConfig& config)
    : components_(checked(components)),
      config_(validated(config)),
      engine_workspace_(*components_.engine),
      inference_(components_.engine->model(), config_.infer_batch),
      features_(config_.infer_batch * kFeatures),
      probabilities_(config_.infer_batch * kClasses) {}

void DailyPipeline::fail(PipelineReport& report, market::StockId stock,
                         Stage stage, FailureReason reason) {
  report.failures.push_back({stock, stage, reason});
  ++report.failures_by_reason[static_cast<std::size_t>(reason)];
}

PipelineReport DailyPipeline::run_day(std::size_t day) {
  const std::size_t stored_days = components_.prices->days();
  const bool next = day == stored_days;
  const bool rerun = stored_days > 0 && day == stored_days - 1;
  if (!next && !rerun) {
    throw std::invalid_argument(fmt::format(
        "DailyPipeline: day {} is neither the next day ({}) nor the latest "
        "stored one",
        day, stored_days));
  }
  if (day >= components_.feed->days()) {
    throw std::invalid_argument(
        fmt::format("DailyPipeline: the feed has no day {} (it holds {} days)",
                    day, components_.feed->days()));
  }
  if (day > static_cast<std::size_t>(std::numeric_limits<store::Day>::max())) {
    throw std::invalid_argument(
        fmt::format("DailyPipeline: day {} does not fit a store::Day", day));
  }
  PipelineReport report;
  report.day = static_cast<store::Day>(day);
  report.stocks = components_.feed->stocks();
  report.new_day = next;
  fetch(day, report);
  recommend(day, report);
  infer(day, report);
  persist(day, report);
  refresh_caches(day, report);
  report.succeeded = successes_.size();
  return report;
}

void DailyPipeline::fetch(std::size_t day, PipelineReport& report) {
  const StageTimer timer;
  market::QuoteServiceConfig session_config = config_.quotes;
  session_config.seed = core::mix64(config_.quotes.seed ^ core::mix64(day));
  session_.emplace(*components_.feed, *components_.index, session_config);
  session_->serve_day(day);
  market::BulkPriceQuery query(*session_, config_.fetch_batch);
  const market::BulkQuerySummary summary =
      query.run(components_.engine->symbols(), quotes_);

  market::PriceStore& prices = *components_.prices;
  const std::size_t n = quotes_.size();
  bars_.resize(n);
  fetched_.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const market::QuoteResult& quote = quotes_[i];
    const auto id = static_cast<market::StockId>(i);
    if (quote.ok()) {
      fetched_.push_back(id);
      bars_[i] = quote.bar;
      continue;
    }
    fail(report, id, Stage::kFetch, fetch_failure(quote.failure));
    if (prices.days() > 0) {
      const double close = prices.latest(id).close;
      bars_[i] = {close, close, close, close, 0.0};
    } else {
      // No previous close to carry: the engine skips it as invalid data
      // until the window has moved past it.
      const double nan = std::numeric_limits<double>::quiet_NaN();
      bars_[i] = {nan, nan, nan, nan, 0.0};
    }
  }
  if (report.new_day) prices.append_day(bars_);

  report.virtual_api_seconds = summary.virtual_seconds;
  report.api_requests = summary.requests;
  report.api_retries = summary.retries;
  StageReport& stage = report.stage(Stage::kFetch);
  stage.items_in = n;
  stage.items_out = fetched_.size();
  timer.stop(stage);
}

void DailyPipeline::recommend(std::size_t day, PipelineReport& report) {
  const StageTimer timer;
  components_.engine->score_universe(fetched_, day, engine_workspace_, scored_);
  for (const recommend::SkippedStock& skipped : scored_.skipped) {
    fail(report, skipped.stock, Stage::kRecommend,
         skip_failure(skipped.reason));
  }
  StageReport& stage = report.stage(Stage::kRecommend);
  stage.items_in = fetched_.size();
  stage.items_out = scored_.recommendations.size();
  timer.stop(stage);
}

void DailyPipeline::infer(std::size_t day, PipelineReport& report) {
  const StageTimer timer;
  const std::vector<recommend::Recommendation>& scored =
      scored_.recommendations;
  const std::size_t n = scored.size();
  keys_.resize(n);
  predictions_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    keys_[i] = components_.engine->key(scored[i].stock, day);
  }
  const std::size_t reused =
      components_.predictions->lookup_batch(keys_, predictions_, missed_);
  inferred_.assign(n, 1);
  for (const std::size_t i : missed_) inferred_[i] = 0;

  computed_keys_.clear();
  computed_.clear();
  const ml::Mlp& model = components_.engine->model();
  const std::span<float> features(features_);
  for (std::size_t start = 0; start < missed_.size();
       start += config_.infer_batch) {
    const std::size_t end =
        std::min(missed_.size(), start + config_.infer_batch);
    batch_.clear();
    for (std::size_t j = start; j < end; ++j) {
      const std::size_t i = missed_[j];
      const market::OhlcvView history =
          components_.prices->history(scored[i].stock).first(day + 1);
      try {
        extractor_.extract(
            history, features.subspan(batch_.size() * kFeatures, kFeatures));
        batch_.push_back(i);
      } catch (const std::invalid_argument&) {
        // The engine validated the same window, so this takes a store
        // changed under the pipeline; the stock fails rather than the day.
        fail(report, scored[i].stock, Stage::kInfer,
             FailureReason::kInvalidData);
      }
    }
    const std::size_t rows = batch_.size();
    if (rows == 0) continue;
    model.infer(std::span<const float>(features_.data(), rows * kFeatures),
                std::span<float>(probabilities_.data(), rows * kClasses),
                inference_);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = batch_[r];
      cache::Prediction& p = predictions_[i];
      for (std::size_t c = 0; c < kClasses; ++c) {
        p.probabilities[c] = probabilities_[r * kClasses + c];
      }
      inferred_[i] = 1;
      computed_keys_.push_back(keys_[i]);
      computed_.push_back(p);
    }
  }
  components_.predictions->put_batch(computed_keys_, computed_);

  report.predictions_reused = reused;
  report.predictions_computed = computed_.size();
  StageReport& stage = report.stage(Stage::kInfer);
  stage.items_in = n;
  stage.items_out = reused + computed_.size();
  timer.stop(stage);
}

void DailyPipeline::persist(std::size_t day, PipelineReport& report) {
  const StageTimer timer;
  const auto stored_day = static_cast<store::Day>(day);
  const std::vector<recommend::Recommendation>& scored =
      scored_.recommendations;
  successes_.clear();
  success_keys_.clear();
  success_predictions_.clear();
  price_rows_.clear();
  prediction_rows_.clear();
  recommendation_rows_.clear();
  for (std::size_t i = 0; i < scored.size(); ++i) {
    if (!inferred_[i]) continue;
    const recommend::Recommendation& r = scored[i];
    const cache::Prediction& p = predictions_[i];
    successes_.push_back(r);
    success_keys_.push_back(keys_[i]);
    success_predictions_.push_back(p);
    price_rows_.push_back({r.stock, stored_day, quotes_[r.stock].bar});
    prediction_rows_.push_back({r.stock, stored_day, config_.model_name,
                                p.probabilities[0], p.probabilities[1],
                                p.probabilities[2]});
    recommendation_rows_.push_back(
        {r.stock, stored_day, r.action, r.score, r.confidence});
  }
  StageReport& stage = report.stage(Stage::kPersist);
  stage.items_in = successes_.size();

  store::ResultsDatabase& db = *components_.database;
  try {
    // One transaction for the three tables: one commit (and at most one
    // checkpoint) per day, and the day lands whole or not at all.
    report.rows_written +=
        db.upsert_day({price_rows_, prediction_rows_, recommendation_rows_});
  } catch (const std::exception& error) {
    report.persist_error = error.what();
    for (const recommend::Recommendation& r : successes_) {
      fail(report, r.stock, Stage::kPersist, FailureReason::kPersistFailed);
    }
    successes_.clear();
    success_keys_.clear();
    success_predictions_.clear();
  }
  stage.items_out = successes_.size();
  timer.stop(stage);
}

void DailyPipeline::refresh_caches(std::size_t day, PipelineReport& report) {
  const StageTimer timer;
  cache::PredictionCache& predictions = *components_.predictions;
  if (day > 0) {
    predictions.invalidate_day(components_.engine->key(0, day - 1).as_of_day);
  }
  predictions.put_batch(success_keys_, success_predictions_);
  if (!successes_.empty()) {
    auto published = std::make_shared<PublishedDay>(
        summarize_day(static_cast<store::Day>(day), successes_,
                      *components_.prices, config_.movers));
    published->predictions = success_predictions_;
    components_.board->publish(std::move(published), config_.warm_top_k);
  }
  StageReport& stage = report.stage(Stage::kCache);
  stage.items_in = successes_.size();
  stage.items_out = success_keys_.size();
  timer.stop(stage);
}

}  // namespace marketbench::pipeline
