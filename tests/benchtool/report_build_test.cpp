#include "report/report_build.hpp"

#include <gtest/gtest.h>

#include "io/input_error.hpp"

namespace benchtool {
namespace {

std::string fixture(const std::string& name) {
  return std::string(BENCHTOOL_TEST_DATA_DIR) + "/report/" + name;
}

TEST(ParseContextDate, UtcSecondsWithOffsets) {
  EXPECT_EQ(parse_context_date("1970-01-01T00:00:00+00:00"), 0);
  EXPECT_EQ(parse_context_date("1970-01-02T00:00:00Z"), 86400);
  EXPECT_EQ(parse_context_date("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parse_context_date("1969-12-31T19:00:00-05:00"), 0);
  EXPECT_EQ(parse_context_date("2026-11-26T21:42:05+00:00"), 1795729325);
  EXPECT_EQ(parse_context_date("1970-01-01 00:00:10"), 10);
  EXPECT_FALSE(parse_context_date("yesterday").has_value());
  EXPECT_FALSE(parse_context_date("2026-02-30T00:00:00+00:00").has_value());
  EXPECT_FALSE(parse_context_date("2026-11-26T21:42:05 UTC").has_value());
}

TEST(BuildReportInput, HistoryInDateOrderWithoutTheRunOrDuplicates) {
  ReportSources sources;
  sources.run = fixture("current.json");
  // Shuffled, with the run itself and a duplicate among them.
  sources.history = {fixture("baseline.json"), fixture("current.json"),
                     fixture("hist_2.json"), fixture("hist_1.json"),
                     fixture("hist_2.json")};
  const ReportInput input = build_report_input(sources);
  ASSERT_EQ(input.history.size(), 4u);
  std::vector<std::string> shas;
  for (const auto& h : input.history)
    shas.emplace_back(h.run.context.custom_value("git_sha"));
  EXPECT_EQ(shas, (std::vector<std::string>{"a1b2c3d", "b2c3d4e", "c3d4e5f",
                                            "d4e5f60"}));
  EXPECT_TRUE(
      input.history[0].regressed.empty());  // nothing before the first run
  EXPECT_EQ(input.history[1].regressed,
            (std::set<std::string>{"BM_MlpInference/batch:1"}));
  EXPECT_TRUE(input.history[2].regressed.empty());
  EXPECT_EQ(input.history[3].regressed,
            (std::set<std::string>{"BM_MlpInference/batch:1",
                                   "BM_DailyPipeline/stocks:6000"}));
  EXPECT_FALSE(input.comparison.has_value());
}

TEST(BuildReportInput, BaselineComparedWithCompare) {
  ReportSources sources;
  sources.run = fixture("current.json");
  sources.baseline = fixture("baseline.json");
  const ReportInput input = build_report_input(sources);
  ASSERT_TRUE(input.comparison.has_value());
  EXPECT_EQ(input.comparison->count(Verdict::kRegressed), 2u);
  EXPECT_EQ(input.comparison->count(Verdict::kImproved), 1u);
  ASSERT_TRUE(input.baseline.has_value());
  EXPECT_EQ(input.baseline->context.custom_value("git_sha"), "c3d4e5f");
}

TEST(BuildReportInput, SummarisesRepetitionsAndFits) {
  ReportSources sources;
  sources.run = fixture("current.json");
  const ReportInput input = build_report_input(sources);
  const BenchmarkResult* b = input.current.find("BM_MlpInference/batch:64");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->repetitions(), 5);  // iteration rows only, not the aggregates
  EXPECT_LE(b->real_time.min, b->real_time.median);
  EXPECT_LE(b->real_time.median, b->real_time.max);
  ASSERT_NE(b->metric("samples_per_second"), nullptr);
  const ComplexityFit* fit = input.current.fit("BM_DailyPipeline");
  ASSERT_NE(fit, nullptr);
  EXPECT_EQ(fit->big_o, "N");
  ASSERT_TRUE(fit->rms.has_value());
  EXPECT_DOUBLE_EQ(*fit->rms, 0.034);
  EXPECT_EQ(input.current.find("BM_ModelLoad")->status, RunStatus::kErrored);
  EXPECT_EQ(input.current.find("BM_ModelRegistryGet/threads:2")->status,
            RunStatus::kSkipped);
  // The BigO/RMS rows are fits, not benchmarks.
  EXPECT_EQ(input.current.find("BM_DailyPipeline"), nullptr);
}

TEST(BuildReportInput, BadFilesAreInputErrorsNamingTheFile) {
  ReportSources sources;
  sources.run = fixture("does_not_exist.json");
  try {
    build_report_input(sources);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does_not_exist.json"),
              std::string::npos);
  }
  sources.run = fixture("current.json");
  sources.history = {fixture("make_fixtures.py")};
  EXPECT_THROW(build_report_input(sources), InputError);
}

}  // namespace
}  // namespace benchtool

namespace benchtool {
namespace {

// --benchmark_report_aggregates_only: the median row stands for the run.
TEST(BuildReportInput, AggregatesOnlyFileUsesTheMedianRow) {
  ReportSources sources;
  sources.run = fixture("aggregates_only.json");
  const ReportInput input = build_report_input(sources);
  ASSERT_EQ(input.current.benchmarks.size(), 2u);
  for (const auto& b : input.current.benchmarks) {
    EXPECT_EQ(b.status, RunStatus::kOk);
    EXPECT_EQ(b.repetitions(), 1);
    EXPECT_EQ(b.aggregated_repetitions, 3);
    EXPECT_GT(b.real_time.median, 0);
  }
  // The median row, not the mean row before it.
  EXPECT_DOUBLE_EQ(
      input.current.find("BM_ZipfSample/s_permille:990")->real_time.median,
      36.610246516830394);
}

}  // namespace
}  // namespace benchtool
