#include "marketbench/pipeline/daily_pipeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <vector>

#include "marketbench/pipeline/deployment.hpp"

namespace marketbench::pipeline {
namespace {

constexpr std::size_t kStocks = 200;

DeploymentConfig config(std::size_t stocks = kStocks) {
  DeploymentConfig c;
  c.stocks = stocks;
  c.history_days = 140;
  c.lookahead_days = 4;
  return c;
}

// 10% of requests fail and nothing is retried, in batches of 10 symbols:
// about a tenth of the universe fails each day.
DeploymentConfig faulty_config(double failure_probability = 0.10) {
  DeploymentConfig c = config();
  c.pipeline.quotes.failure_probability = failure_probability;
  c.pipeline.quotes.max_attempts = 1;
  c.pipeline.fetch_batch = 10;
  return c;
}

std::set<market::StockId> failed_stocks(const PipelineReport& report) {
  std::set<market::StockId> out;
  for (const StockFailure& f : report.failures) out.insert(f.stock);
  return out;
}

TEST(DailyPipeline, DayLeavesOneRecommendationPerSuccessfulStock) {
  Deployment d(faulty_config());
  const std::size_t before = d.prices().days();
  const PipelineReport report = d.run_next_day();
  ASSERT_TRUE(report.balanced());
  ASSERT_GT(report.failed(), 0u);  // the seed does inject failures
  EXPECT_EQ(d.prices().days(), before + 1);
  EXPECT_TRUE(report.new_day);
  EXPECT_EQ(report.day, static_cast<store::Day>(before));

  const store::RowCounts counts = d.database().row_counts();
  EXPECT_EQ(counts.recommendations,
            static_cast<std::int64_t>(report.succeeded));
  EXPECT_EQ(counts.predictions, static_cast<std::int64_t>(report.succeeded));
  EXPECT_EQ(counts.prices, static_cast<std::int64_t>(report.succeeded));
  EXPECT_EQ(d.database().top_recommendations(report.day, kStocks).size(),
            report.succeeded);

  const std::set<market::StockId> failed = failed_stocks(report);
  EXPECT_EQ(failed.size(), report.failed());  // each stock fails once
  const auto published = d.board().current();
  ASSERT_NE(published, nullptr);
  ASSERT_EQ(published->recommendations.size(), report.succeeded);
  ASSERT_EQ(published->predictions.size(), report.succeeded);
  std::size_t at = 0;
  for (market::StockId s = 0; s < kStocks; ++s) {
    const auto row = d.database().latest_recommendation(s);
    if (failed.count(s)) {
      EXPECT_FALSE(row.has_value()) << "failed stock " << s;
      continue;
    }
    ASSERT_TRUE(row.has_value()) << "stock " << s;
    EXPECT_EQ(row->day, report.day);
    const recommend::Recommendation& r = published->recommendations[at++];
    EXPECT_EQ(r.stock, s);
    EXPECT_DOUBLE_EQ(row->score, r.score);
    EXPECT_EQ(static_cast<int>(row->action), static_cast<int>(r.action));
    // The stored probabilities are the ones the engine scored with.
    const auto predictions = d.database().predictions(s, report.day);
    ASSERT_EQ(predictions.size(), 1u);
    EXPECT_EQ(predictions[0].model, d.pipeline().config().model_name);
    EXPECT_NEAR(predictions[0].p_buy - predictions[0].p_sell, r.ml_score, 1e-6);
    // The published day carries the same row for the platform.
    const cache::Prediction& p = published->predictions[at - 1];
    EXPECT_EQ(static_cast<float>(predictions[0].p_sell), p.probabilities[0]);
    EXPECT_EQ(static_cast<float>(predictions[0].p_buy), p.probabilities[2]);
  }
}

TEST(DailyPipeline, FaultAccountingBalancesByReason) {
  Deployment clean(config());
  const PipelineReport no_faults = clean.run_next_day();
  EXPECT_EQ(no_faults.failed(), 0u);
  EXPECT_EQ(no_faults.succeeded, kStocks);
  EXPECT_DOUBLE_EQ(no_faults.error_rate(), 0.0);

  Deployment d(faulty_config());
  const PipelineReport report = d.run_next_day();
  EXPECT_EQ(report.stocks, kStocks);
  EXPECT_EQ(report.stocks, report.succeeded + report.failed());
  EXPECT_TRUE(report.balanced());
  EXPECT_DOUBLE_EQ(report.error_rate(),
                   static_cast<double>(report.failed()) / kStocks);
  // Roughly the injected rate (a fault takes out part or all of a batch).
  EXPECT_GT(report.error_rate(), 0.02);
  EXPECT_LT(report.error_rate(), 0.30);

  std::array<std::size_t, kFailureReasonCount> by_reason{};
  std::array<std::size_t, kStageCount> by_stage{};
  for (const StockFailure& f : report.failures) {
    ++by_reason[static_cast<std::size_t>(f.reason)];
    ++by_stage[static_cast<std::size_t>(f.stage)];
    EXPECT_EQ(f.stage, Stage::kFetch);  // nothing else can fail here
    EXPECT_TRUE(f.reason == FailureReason::kTimeout ||
                f.reason == FailureReason::kServerError ||
                f.reason == FailureReason::kPartialResponse);
  }
  EXPECT_EQ(by_reason, report.failures_by_reason);
  // Each stage hands on what it did not drop.
  for (std::size_t s = 0; s < kStageCount; ++s) {
    const StageReport& stage = report.stages[s];
    EXPECT_EQ(stage.items_in - stage.items_out, by_stage[s])
        << stage_name(static_cast<Stage>(s));
    if (s > 0 && s < 4) {
      EXPECT_EQ(stage.items_in, report.stages[s - 1].items_out);
    }
  }
  EXPECT_EQ(report.stage(Stage::kFetch).items_in, kStocks);
  EXPECT_EQ(report.stage(Stage::kPersist).items_out, report.succeeded);
  // Timeouts cost virtual time the clean run did not spend.
  EXPECT_GT(report.virtual_api_seconds, no_faults.virtual_api_seconds);
  for (const StageReport& stage : report.stages) {
    EXPECT_GE(stage.wall_ns, 0);
    EXPECT_GE(stage.cpu_ns, 0);
  }
}

TEST(DailyPipeline, RerunningADayChangesNothing) {
  Deployment d(faulty_config());
  const PipelineReport first = d.run_next_day();
  EXPECT_GT(first.rows_written, 0u);
  const store::RowCounts counts = d.database().row_counts();
  const auto top = d.database().top_recommendations(first.day, kStocks);
  const std::size_t days = d.prices().days();

  const PipelineReport again =
      d.pipeline().run_day(static_cast<std::size_t>(first.day));
  EXPECT_FALSE(again.new_day);
  EXPECT_EQ(d.prices().days(), days);
  EXPECT_EQ(again.rows_written, 0u);  // every upsert found identical rows
  EXPECT_EQ(d.database().row_counts().prices, counts.prices);
  EXPECT_EQ(d.database().row_counts().predictions, counts.predictions);
  EXPECT_EQ(d.database().row_counts().recommendations, counts.recommendations);
  EXPECT_EQ(d.database().top_recommendations(first.day, kStocks), top);
  // The day's API session is seeded by the day: the same faults again.
  EXPECT_EQ(failed_stocks(again), failed_stocks(first));
  EXPECT_EQ(again.succeeded, first.succeeded);
  EXPECT_EQ(again.predictions_computed, 0u);

  const PipelineReport next = d.run_next_day();
  EXPECT_EQ(next.day, first.day + 1);
  EXPECT_GT(next.rows_written, 0u);
}

TEST(DailyPipeline, PersistFailureRollsBackTheDayAndCountsEveryStock) {
  Deployment d(config());
  // A corrupt cache entry: probabilities summing to 2.7. The engine scores
  // with it, and the predictions batch then violates the table's CHECK.
  const std::size_t day = d.next_day();
  d.predictions().put(d.engine().key(5, day), {{0.9f, 0.9f, 0.9f}});
  const PipelineReport report = d.run_next_day();
  EXPECT_TRUE(report.balanced());
  EXPECT_EQ(report.succeeded, 0u);
  EXPECT_EQ(report.failures_of(FailureReason::kPersistFailed), kStocks);
  EXPECT_NE(report.persist_error.find("CHECK"), std::string::npos)
      << report.persist_error;
  const store::RowCounts counts = d.database().row_counts();
  // One transaction for the day: the prices written before the failing
  // prediction are rolled back with it, recommendations never land.
  EXPECT_EQ(counts.prices, 0);
  EXPECT_EQ(counts.predictions, 0);
  EXPECT_EQ(counts.recommendations, 0);
  EXPECT_EQ(d.board().current(), nullptr);  // nothing published
}

TEST(DailyPipeline, ShortHistoryFailsEveryStockWithItsReason) {
  DeploymentConfig c = config(50);
  c.history_days = 60;  // below the engine's minimum
  Deployment d(c);
  const PipelineReport report = d.run_next_day();
  EXPECT_TRUE(report.balanced());
  EXPECT_EQ(report.failures_of(FailureReason::kInsufficientHistory), 50u);
  EXPECT_EQ(report.succeeded, 0u);
  EXPECT_EQ(d.database().row_counts().recommendations, 0);
  EXPECT_EQ(d.board().current(), nullptr);
}

TEST(DailyPipeline, SmallCacheRecomputesEvictedRowsOnly) {
  DeploymentConfig c = config();
  c.prediction_cache_capacity = 32;  // far below the universe
  c.prediction_cache_shards = 4;
  Deployment d(c);
  const PipelineReport report = d.run_next_day();
  EXPECT_EQ(report.succeeded, kStocks);
  EXPECT_GT(report.predictions_computed, 0u);
  EXPECT_EQ(report.predictions_reused + report.predictions_computed, kStocks);
  // The recomputed rows are the engine's: p_buy - p_sell is its ml_score.
  for (const recommend::Recommendation& r :
       d.board().current()->recommendations) {
    const auto rows = d.database().predictions(r.stock, report.day);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_NEAR(rows[0].p_buy - rows[0].p_sell, r.ml_score, 1e-6);
  }
}

TEST(DailyPipeline, CachesHoldOnlyTheLatestDay) {
  Deployment d(config(60));
  const PipelineReport first = d.run_next_day();
  EXPECT_EQ(first.predictions_computed, 0u);  // all from the engine
  const PipelineReport second = d.run_next_day();
  for (market::StockId s = 0; s < 60; ++s) {
    EXPECT_FALSE(
        d.predictions()
            .get(d.engine().key(s, static_cast<std::size_t>(first.day)))
            .has_value());
    EXPECT_TRUE(
        d.predictions()
            .get(d.engine().key(s, static_cast<std::size_t>(second.day)))
            .has_value());
  }
  const auto published = d.board().current();
  EXPECT_EQ(published->day, second.day);
  // The warmed lists are served from the cache.
  const auto before = d.board().top_k_stats();
  d.board().top_k(*published, 10);
  EXPECT_EQ(d.board().top_k_stats().hits, before.hits + 1);
}

TEST(DailyPipeline, RejectsDaysOutOfOrder) {
  Deployment d(config(20));
  const std::size_t next = d.next_day();
  EXPECT_THROW(d.pipeline().run_day(next + 1), std::invalid_argument);
  EXPECT_THROW(d.pipeline().run_day(next - 2), std::invalid_argument);
  d.run_next_day();
  EXPECT_NO_THROW(d.pipeline().run_day(next));  // re-run of the latest
  PipelineConfig bad;
  bad.fetch_batch = 0;
  EXPECT_THROW(bad.validate(), std::invalid_argument);
  bad = PipelineConfig{};
  bad.model_name.clear();
  EXPECT_THROW(bad.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::pipeline
