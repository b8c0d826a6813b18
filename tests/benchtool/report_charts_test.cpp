// Which charts a run gets, from the fixture runs in
// tests/data/benchtool/report.

#include "report/report_charts.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "io/results.hpp"
#include "results_builder.hpp"

namespace benchtool {
namespace {

std::string fixture(const std::string& name) {
  return std::string(BENCHTOOL_TEST_DATA_DIR) + "/report/" + name;
}

// This suite's chart rules (bench/charts.json).
const ChartRules& suite_rules() {
  static const ChartRules rules = load_chart_rules(
      std::string(BENCHTOOL_TEST_DATA_DIR) + "/../../../bench/charts.json");
  return rules;
}

const Results& current_run() {
  static const Results run = load_results(fixture("current.json"));
  return run;
}

const LineChart* line(const FamilyCharts& charts, const std::string& id) {
  for (const auto& c : charts.lines) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::vector<std::string> labels(const LineChart& c) {
  std::vector<std::string> out;
  for (const auto& s : c.series) out.push_back(s.label);
  return out;
}

TEST(ScalingCharts, SamplesPerSecondAgainstBatchOnLogX) {
  const auto charts = scaling_charts(current_run(), suite_rules());
  const LineChart* c = line(charts, "chart-BM_MlpInference-headline");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->x.log);  // batch 1..256
  EXPECT_NE(c->x.label.find("batch"), std::string::npos);
  EXPECT_NE(c->y.label.find("samples/s"), std::string::npos);
  ASSERT_EQ(c->series.size(), 1u);
  EXPECT_EQ(c->series[0].points.size(), 6u);
}

TEST(ScalingCharts, TimePerStockWithTheFittedCurve) {
  const auto charts = scaling_charts(current_run(), suite_rules());
  const LineChart* feature =
      line(charts, "chart-BM_FeatureExtraction-per-unit");
  ASSERT_NE(feature, nullptr);
  EXPECT_TRUE(feature->x.log);  // 100..6000
  EXPECT_NE(feature->y.label.find("real time per stock"), std::string::npos);
  ASSERT_EQ(feature->series.size(), 2u);
  EXPECT_TRUE(feature->series[1].dashed);
  EXPECT_NE(feature->series[1].label.find("O(N)"), std::string::npos);
  // O(N): the fitted time per stock is the coefficient, 2230 ns = 2.23 us,
  // flat.
  for (const auto& p : feature->series[1].points) EXPECT_NEAR(p.y, 2.23, 1e-9);

  const LineChart* pipeline = line(charts, "chart-BM_DailyPipeline-per-unit");
  ASSERT_NE(pipeline, nullptr);
  EXPECT_FALSE(pipeline->x.log);  // 1000..6000 spans 6x
  EXPECT_NE(pipeline->note.find("\u00D7 N"),
            std::string::npos);  // "100 us × N"
  // Google Benchmark's RMS of the fit (0.034) in the curve's label.
  EXPECT_NE(pipeline->series.back().label.find("RMS 3 %"), std::string::npos)
      << pipeline->series.back().label;
}

// Against threads the headline is the rate, even when the family also
// publishes a hit rate.
TEST(ScalingCharts, RateBeforeHitRateAgainstThreads) {
  using testing::Bench;
  const Results run = testing::results(
      {Bench{"BM_Mixed/threads:1",
             {20.0},
             {{"ops_per_second", {5e7}}, {"hit_rate", {0.76}}}},
       Bench{"BM_Mixed/threads:2",
             {12.0},
             {{"ops_per_second", {9e7}}, {"hit_rate", {0.76}}}}});
  const auto charts = scaling_charts(run, suite_rules());
  const LineChart* c = line(charts, "chart-BM_Mixed-headline");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->x.label.find("threads"), std::string::npos);
  EXPECT_NE(c->y.label.find("ops"), std::string::npos) << c->y.label;
  ASSERT_EQ(c->series.size(), 1u);
  ASSERT_EQ(c->series[0].points.size(), 2u);
  EXPECT_GT(c->series[0].points[1].y, c->series[0].points[0].y);
}

TEST(ScalingCharts, HitRateAgainstCapacityPerKeyCount) {
  const auto charts = scaling_charts(current_run(), suite_rules());
  const LineChart* c = line(charts, "chart-BM_InferenceCacheHitRate-headline");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->x.label.find("capacity"), std::string::npos);
  EXPECT_FALSE(c->x.log);  // 5..50 is exactly 10x
  EXPECT_FALSE(c->y.log);
  EXPECT_NE(c->y.label.find("(%)"), std::string::npos);
  EXPECT_EQ(labels(*c), (std::vector<std::string>{"keys: 100", "keys: 1000",
                                                  "keys: 10000"}));
  for (const auto& s : c->series) {
    ASSERT_EQ(s.points.size(), 4u);
    for (const auto& p : s.points) {
      EXPECT_GT(p.y, 0);
      EXPECT_LE(p.y, 100);  // a percentage
    }
  }
}

TEST(ScalingCharts, ThreadedFamiliesGetThroughputAndPercentiles) {
  const auto charts = scaling_charts(current_run(), suite_rules());
  for (const std::string family :
       {"BM_RecommendationsUnderLoad", "BM_PlatformMixedLoad"}) {
    const LineChart* rps = line(charts, "chart-" + family + "-headline");
    ASSERT_NE(rps, nullptr) << family;
    EXPECT_TRUE(rps->x.log);  // threads 1..100
    EXPECT_NE(rps->y.label.find("requests/s"), std::string::npos);
    // /real_time is on every instance, so it names no series.
    EXPECT_EQ(labels(*rps), std::vector<std::string>{"requests_per_second"});
    const LineChart* latency = line(charts, "chart-" + family + "-latency");
    ASSERT_NE(latency, nullptr) << family;
    EXPECT_EQ(labels(*latency),
              (std::vector<std::string>{"p50", "p95", "p99"}));
    EXPECT_TRUE(latency->y.log);  // the fixture's latencies span > 10x
    for (const auto& s : latency->series) EXPECT_EQ(s.points.size(), 5u);
  }
}

TEST(ScalingCharts, PipelineStagesStackedPerStockCount) {
  const auto charts = scaling_charts(current_run(), suite_rules());
  ASSERT_EQ(charts.stacks.size(), 1u);
  const StackedBarChart& c = charts.stacks[0];
  EXPECT_EQ(c.id, "chart-BM_DailyPipeline-stages");
  EXPECT_EQ(c.categories,
            (std::vector<std::string>{"1000", "2000", "4000", "6000"}));
  std::vector<std::string> layers;
  for (const auto& l : c.layers) layers.push_back(l.label);
  EXPECT_EQ(layers, (std::vector<std::string>{"fetch", "recommend", "infer",
                                              "persist", "cache"}));
  for (const auto& l : c.layers) EXPECT_EQ(l.values.size(), 4u);
}

TEST(ScalingCharts, NoChartForFamiliesWithoutASweepOrThatFailed) {
  const auto charts = scaling_charts(current_run(), suite_rules());
  EXPECT_EQ(line(charts, "chart-BM_FmaPeak-headline"), nullptr);
  EXPECT_EQ(line(charts, "chart-BM_LruGetHit-headline"), nullptr);
  EXPECT_EQ(line(charts, "chart-BM_ModelRegistryGet-headline"),
            nullptr);  // skipped
  // A family that is new to the suite charts without code changes.
  EXPECT_NE(line(charts, "chart-BM_ZipfSample-headline"), nullptr);
}

TEST(ScalingCharts, WithoutRulesTheChartsAreGeneric) {
  const auto charts = scaling_charts(current_run(), ChartRules{});
  // No suite names: the first rate, generic axis labels, no stage bars.
  const LineChart* c = line(charts, "chart-BM_MlpInference-headline");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->x.label.find("batch (argument value)"), std::string::npos);
  EXPECT_TRUE(charts.stacks.empty());
  for (const auto& l : charts.lines)
    EXPECT_EQ(l.title.find("latency percentiles"), std::string::npos);
}

TEST(ChangeChart, RegressionsFirstWorstFirst) {
  ReportSources sources;
  sources.run = fixture("current.json");
  sources.baseline = fixture("baseline.json");
  const ReportInput input = build_report_input(sources);
  const ChangeChart c = change_chart(*input.comparison);
  ASSERT_GE(c.bars.size(), 3u);
  EXPECT_EQ(c.bars[0].label, "BM_MlpInference/batch:1");
  EXPECT_EQ(c.bars[0].verdict, "regressed");
  EXPECT_EQ(c.bars[1].label, "BM_DailyPipeline/stocks:6000");
  EXPECT_EQ(c.bars[1].verdict, "regressed");
  EXPECT_GT(c.bars[0].change, c.bars[1].change);
  EXPECT_EQ(c.bars.back().label, "BM_LruGetHit");
  EXPECT_EQ(c.bars.back().verdict, "improved");
  const auto first_non_regressed =
      std::find_if(c.bars.begin(), c.bars.end(),
                   [](const ChangeBar& b) { return b.verdict != "regressed"; });
  EXPECT_TRUE(std::none_of(
      first_non_regressed, c.bars.end(),
      [](const ChangeBar& b) { return b.verdict == "regressed"; }));
}

TEST(HistoryCharts, OneTrendPerFamilyMarkingRegressions) {
  ReportSources sources;
  sources.run = fixture("current.json");
  sources.history = {fixture("hist_2.json"), fixture("baseline.json"),
                     fixture("hist_1.json")};
  const ReportInput input = build_report_input(sources);
  ASSERT_EQ(input.history.size(), 4u);
  const auto charts = history_charts(input.history);
  const LineChart* mlp = nullptr;
  for (const auto& c : charts) {
    if (c.id == "chart-history-BM_MlpInference-1") mlp = &c;
  }
  ASSERT_NE(mlp, nullptr);
  ASSERT_EQ(mlp->x.categories.size(), 4u);
  EXPECT_EQ(mlp->x.categories[0], "2026-11-20 09:15\na1b2c3d");
  EXPECT_EQ(mlp->x.categories[3], "2026-11-26 21:42\nd4e5f60");
  ASSERT_EQ(mlp->series[0].label, "batch:1");
  std::vector<bool> flagged;
  for (const auto& p : mlp->series[0].points) flagged.push_back(p.flagged);
  // hist_2 is 20 % slower than hist_1, the current run 25 % slower than the
  // baseline.
  EXPECT_EQ(flagged, (std::vector<bool>{false, true, false, true}));
  for (std::size_t i = 1; i < mlp->series.size(); ++i) {
    for (const auto& p : mlp->series[i].points)
      EXPECT_FALSE(p.flagged) << mlp->series[i].label;
  }
  // The 12-instance cache family is split into charts of at most 8.
  EXPECT_TRUE(std::any_of(charts.begin(), charts.end(), [](const LineChart& c) {
    return c.id == "chart-history-BM_InferenceCacheHitRate-2";
  }));
}

TEST(HistoryCharts, NeedTwoRuns) {
  EXPECT_TRUE(history_charts({}).empty());
  EXPECT_TRUE(history_charts({HistoryRun{current_run(), {}}}).empty());
}

// bench_market registers BM_BulkPriceQuery once per batch size, so one name
// has three families (family_index 19..21), each with its own O(N) fit.
TEST(ScalingCharts, OneFittedCurvePerRegisteredFamily) {
  std::string rows;
  const std::int64_t batches[] = {1, 10, 100};
  for (std::size_t f = 0; f < 3; ++f) {
    const double per_stock_ns = 30.0 / static_cast<double>(f + 1);
    for (double stocks : {100.0, 1000.0, 6000.0}) {
      rows += fmt::format(
          R"({{"name": "BM_BulkPriceQuery/stocks:{0}/batch:{1}", )"
          R"("run_name": "BM_BulkPriceQuery/stocks:{0}/batch:{1}", )"
          R"("run_type": "iteration", "family_index": {2}, "repetitions": 1, )"
          R"("repetition_index": 0, "threads": 1, "iterations": 100, )"
          R"("real_time": {3}, "cpu_time": {3}, "time_unit": "ns"}},)",
          stocks, batches[f], 19 + f, per_stock_ns * stocks);
    }
    rows += fmt::format(
        R"({{"name": "BM_BulkPriceQuery_BigO", "run_name": "BM_BulkPriceQuery", )"
        R"("run_type": "aggregate", "aggregate_name": "BigO", "family_index": {0}, )"
        R"("label": "batch:{1}", "big_o": "N", "cpu_coefficient": {2}, )"
        R"("real_coefficient": {2}, "time_unit": "ns"}},)"
        R"({{"name": "BM_BulkPriceQuery_RMS", "run_name": "BM_BulkPriceQuery", )"
        R"("run_type": "aggregate", "aggregate_name": "RMS", "family_index": {0}, )"
        R"("label": "batch:{1}", "rms": 0.05}}{3})",
        19 + f, batches[f], per_stock_ns, f == 2 ? "" : ",");
  }
  const Results run = parse_results(
      fmt::format(R"({{"context": {{}}, "benchmarks": [{}]}})", rows),
      "bulk.json");
  const auto charts = scaling_charts(run, suite_rules());
  const LineChart* c = line(charts, "chart-BM_BulkPriceQuery-per-unit");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->series.size(), 6u);
  EXPECT_EQ(c->series[0].label, "batch: 1");
  for (std::size_t f = 0; f < 3; ++f) {
    const ChartSeries& curve = c->series[3 + f];
    EXPECT_TRUE(curve.dashed);
    EXPECT_EQ(curve.label,
              fmt::format("fit O(N) batch:{}, RMS 5 %", batches[f]));
    EXPECT_EQ(curve.colour, c->series[f].colour);  // drawn in its data's colour
    // The fit per stock is the coefficient: 30, 15, 10 ns.
    for (const auto& p : curve.points)
      EXPECT_NEAR(p.y, 30.0 / static_cast<double>(f + 1), 1e-9);
  }
}

}  // namespace
}  // namespace benchtool
