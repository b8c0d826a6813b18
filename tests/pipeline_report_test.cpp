#include "marketbench/pipeline/pipeline_report.hpp"

#include <gtest/gtest.h>

namespace marketbench::pipeline {
namespace {

TEST(PipelineReport, BalanceAndRates) {
  PipelineReport report;
  report.stocks = 10;
  report.succeeded = 8;
  EXPECT_FALSE(report.balanced());  // two stocks unaccounted for
  report.failures.push_back({3, Stage::kFetch, FailureReason::kTimeout});
  report.failures.push_back(
      {7, Stage::kRecommend, FailureReason::kInsufficientHistory});
  EXPECT_FALSE(report.balanced());  // reasons not counted
  report.failures_by_reason[static_cast<std::size_t>(FailureReason::kTimeout)] =
      1;
  report.failures_by_reason[static_cast<std::size_t>(
      FailureReason::kInsufficientHistory)] = 1;
  EXPECT_TRUE(report.balanced());
  EXPECT_DOUBLE_EQ(report.error_rate(), 0.2);
  EXPECT_EQ(report.failures_of(FailureReason::kTimeout), 1u);
  report.stage(Stage::kFetch).wall_ns = 5;
  report.stage(Stage::kCache).wall_ns = 7;
  EXPECT_EQ(report.wall_ns(), 12);
  EXPECT_DOUBLE_EQ(PipelineReport{}.error_rate(), 0.0);
}

TEST(PipelineReport, Names) {
  EXPECT_EQ(stage_name(Stage::kPersist), "persist");
  EXPECT_EQ(failure_reason_name(FailureReason::kPartialResponse),
            "partial_response");
  EXPECT_EQ(failure_reason_name(FailureReason::kPersistFailed),
            "persist_failed");
}

}  // namespace
}  // namespace marketbench::pipeline
