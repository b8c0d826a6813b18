#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "report/report.hpp"

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

TEST(ReportData, SummarisesRepetitionsAndStatus) {
  const Results run = load_results(fixture("current.json"));
  const Benchmark* b = find_listed(run, "BM_MlpInference/batch:64");
  ASSERT_NE(b, nullptr);
  const auto time = metric_stats(run, *b, "real_time");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(time->count, 5u);  // iteration rows only, not the aggregates
  EXPECT_LE(time->min, time->median);
  EXPECT_LE(time->median, time->max);
  EXPECT_EQ(repetitions_text(run, *b), "5");
  EXPECT_TRUE(metric_stats(run, *b, "samples_per_second").has_value());
  EXPECT_FALSE(metric_stats(run, *b, "no_such_counter").has_value());
  EXPECT_EQ(run_status(run, *run.find("BM_ModelLoad")), RunStatus::kErrored);
  std::string message;
  EXPECT_EQ(
      run_status(run, *run.find("BM_ModelRegistryGet/threads:2"), &message),
      RunStatus::kSkipped);
  EXPECT_FALSE(message.empty());
  // The BigO/RMS rows are fits, not benchmarks.
  ASSERT_NE(run.find("BM_DailyPipeline"), nullptr);
  EXPECT_EQ(find_listed(run, "BM_DailyPipeline"), nullptr);
  EXPECT_EQ(listed_benchmarks(run).size(), 42u);
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

// --benchmark_report_aggregates_only: the median row stands for the run.
TEST(BuildReportInput, AggregatesOnlyFileUsesTheMedianRow) {
  ReportSources sources;
  sources.run = fixture("aggregates_only.json");
  const ReportInput input = build_report_input(sources);
  const Results& run = input.current;
  ASSERT_EQ(listed_benchmarks(run).size(), 2u);
  for (const Benchmark* b : listed_benchmarks(run)) {
    EXPECT_EQ(run_status(run, *b), RunStatus::kOk);
    EXPECT_EQ(metric_stats(run, *b, "real_time")->count, 1u);
    EXPECT_EQ(repetitions_text(run, *b), "3 (aggregates only)");
    EXPECT_GT(median_of(run, *b, "real_time"), 0);
  }
  // The median row, not the mean row before it.
  EXPECT_DOUBLE_EQ(
      median_of(run, *find_listed(run, "BM_ZipfSample/s_permille:990"),
                "real_time"),
      36.610246516830394);
}

}  // namespace
}  // namespace benchtool
