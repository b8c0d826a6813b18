#include "marketbench/pipeline/deployment.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "marketbench/ml/model_file.hpp"
#include "temp_dir.hpp"

namespace marketbench::pipeline {
namespace {

TEST(PipelineDeployment, PreloadsHistoryAndExtendsTheFeedOnDemand) {
  DeploymentConfig c;
  c.stocks = 30;
  c.history_days = 140;
  c.lookahead_days = 2;
  Deployment d(c);
  EXPECT_EQ(d.prices().days(), 140u);
  EXPECT_EQ(d.feed().days(), 142u);
  EXPECT_EQ(d.next_day(), 140u);
  EXPECT_TRUE(d.feed_ready());
  // The store holds the feed's first days.
  EXPECT_EQ(d.prices().latest(7).close, d.feed().bar(7, 139).close);
  for (int i = 0; i < 3; ++i) {
    const PipelineReport report = d.run_next_day();
    EXPECT_EQ(report.succeeded, 30u);
  }
  EXPECT_EQ(d.prices().days(), 143u);
  EXPECT_GE(d.feed().days(), 144u);  // extended by lookahead_days
  EXPECT_EQ(d.prices().latest(7).close, d.feed().bar(7, 142).close);
  EXPECT_GE(d.prices().capacity_days(), d.feed().days());
}

TEST(PipelineDeployment, FileDatabaseIsInWalMode) {
  const marketbench::testing::TempDir dir;
  DeploymentConfig c;
  c.stocks = 10;
  c.history_days = 140;
  c.database_path = dir.file("results.db");
  Deployment d(c);
  EXPECT_EQ(d.database().pragma("journal_mode"), "wal");
  EXPECT_EQ(d.run_next_day().succeeded, 10u);
}

TEST(PipelineDeployment, ModelComesFromTheRegistryByTheStoredName) {
  const marketbench::testing::TempDir dir;
  ml::save_model(ml::Mlp::random(99), dir.path() / "prod-v2.mbm");
  DeploymentConfig c;
  c.stocks = 10;
  c.history_days = 140;
  c.model_directory = dir.path();
  c.pipeline.model_name = "prod-v2";
  Deployment d(c);
  EXPECT_EQ(d.models().file_loads(), 1u);
  EXPECT_EQ(d.model(), d.models().get("prod-v2"));
  const PipelineReport report = d.run_next_day();
  ASSERT_EQ(report.succeeded, 10u);
  EXPECT_EQ(d.database().predictions(3, report.day).at(0).model, "prod-v2");

  c.pipeline.model_name = "missing";
  EXPECT_THROW(Deployment{c}, std::out_of_range);
}

TEST(PipelineDeployment, FeedRunsTheConfiguredPriceProcess) {
  DeploymentConfig c;
  c.stocks = 12;
  c.history_days = 130;
  c.lookahead_days = 1;
  const Deployment gbm(c);
  c.market_process = market::PriceProcess::kRegime;
  const Deployment regime(c);
  const market::Market expected = market::generate_market(
      12, 131, c.market_seed, market::PriceProcess::kRegime);
  EXPECT_EQ(regime.feed().bar(5, 130).close, expected.bar(5, 130).close);
  EXPECT_NE(regime.feed().bar(5, 130).close, gbm.feed().bar(5, 130).close);
}

TEST(PipelineDeployment, RejectsEmptyConfig) {
  DeploymentConfig c;
  c.stocks = 0;
  EXPECT_THROW(Deployment{c}, std::invalid_argument);
  c.stocks = 5;
  c.history_days = 0;
  EXPECT_THROW(Deployment{c}, std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::pipeline
