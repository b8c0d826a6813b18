#include "stats/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "compare_one.hpp"
#include "io/input_error.hpp"
#include "results_builder.hpp"

namespace benchtool {
namespace {

using testing::around;
using testing::Bench;

using testing::compare_one;
using testing::contains;

TEST(Compare, UnchangedWhenTheSamplesAgree) {
  const auto e = compare_one({"BM_A", around(100)}, {"BM_A", around(100)});
  EXPECT_EQ(e.verdict, Verdict::kUnchanged);
  EXPECT_EQ(*e.change, 0);
  EXPECT_EQ(*e.p_value, 1);
  EXPECT_EQ(e.base->n, 9u);
  EXPECT_EQ(e.direction, Direction::kLowerIsBetter);
  EXPECT_TRUE(contains(e.reason, "within the 5.0% threshold")) << e.reason;
}

TEST(Compare, RegressedWhenSlowerBeyondTheThresholdAndSignificant) {
  const auto e = compare_one({"BM_A", around(100)}, {"BM_A", around(120)});
  EXPECT_EQ(e.verdict, Verdict::kRegressed);
  EXPECT_NEAR(*e.change, 0.20, 1e-12);
  EXPECT_LT(*e.p_value, 0.001);
  EXPECT_TRUE(contains(e.reason, "worse by 20.0%")) << e.reason;
}

TEST(Compare, ImprovedWhenFasterBeyondTheThresholdAndSignificant) {
  const auto e = compare_one({"BM_A", around(100)}, {"BM_A", around(80)});
  EXPECT_EQ(e.verdict, Verdict::kImproved);
  EXPECT_NEAR(*e.change, -0.20, 1e-12);
  EXPECT_TRUE(contains(e.reason, "better by 20.0%")) << e.reason;
}

TEST(Compare, UnchangedWhenSignificantButWithinTheThreshold) {
  const auto e = compare_one({"BM_A", around(100)}, {"BM_A", around(103)});
  EXPECT_EQ(e.verdict, Verdict::kUnchanged);
  EXPECT_LT(*e.p_value, 0.05);
  EXPECT_TRUE(contains(e.reason, "significant")) << e.reason;
}

TEST(Compare, InconclusiveWhenBeyondTheThresholdWithoutSignificance) {
  const auto e =
      compare_one({"BM_A", {100, 50, 150, 100, 60, 140, 100, 70, 130}},
                  {"BM_A", {120, 50, 150, 120, 60, 140, 120, 70, 130}});
  EXPECT_EQ(e.verdict, Verdict::kInconclusive);
  EXPECT_NEAR(*e.change, 0.20, 1e-12);
  EXPECT_GT(*e.p_value, 0.05);
  EXPECT_TRUE(contains(e.reason, "not significant")) << e.reason;
  EXPECT_FALSE(contains(e.reason, "smallest possible p"))
      << e.reason;  // 9 repetitions could be significant
}

TEST(Compare, InconclusiveSaysWhenTooFewRepetitionsCanNeverBeSignificant) {
  const auto e =
      compare_one({"BM_A", {100, 101, 99}}, {"BM_A", {120, 121, 119}});
  EXPECT_EQ(e.verdict, Verdict::kInconclusive);
  EXPECT_DOUBLE_EQ(*e.p_value, 0.1);
  EXPECT_TRUE(contains(e.reason, "smallest possible p is 0.1")) << e.reason;
}

TEST(Compare, InconclusiveWithFewerThanTwoRepetitions) {
  const auto e = compare_one({"BM_A", {100}}, {"BM_A", around(150)});
  EXPECT_EQ(e.verdict, Verdict::kInconclusive);
  EXPECT_FALSE(e.p_value);
  ASSERT_TRUE(e.change);
  EXPECT_NEAR(*e.change, 0.5, 1e-12);
  EXPECT_TRUE(contains(e.reason, "fewer than 2 repetitions in BASE (n = 1)"))
      << e.reason;
}

TEST(Compare, NewRemovedAndErroredBenchmarks) {
  const Comparison c = compare(
      testing::results({{"BM_Gone", around(10)}, {"BM_Err", around(10)}}),
      testing::results(
          {{"BM_Err", around(10), {}, "db locked"}, {"BM_New", around(10)}}),
      {});
  ASSERT_EQ(c.entries.size(), 3u);
  EXPECT_EQ(c.entries[0].name, "BM_Gone");
  EXPECT_EQ(c.entries[0].verdict, Verdict::kRemoved);
  EXPECT_TRUE(c.entries[0].base);
  EXPECT_FALSE(c.entries[0].next);
  EXPECT_EQ(c.entries[1].name, "BM_Err");
  EXPECT_EQ(c.entries[1].verdict, Verdict::kErrored);
  EXPECT_EQ(c.entries[1].reason, "errored in NEW: db locked");
  EXPECT_EQ(c.entries[2].name, "BM_New");
  EXPECT_EQ(c.entries[2].verdict, Verdict::kNew);
  EXPECT_EQ(c.count(Verdict::kRegressed), 0u);
}

TEST(Compare, HigherIsBetterCountersRegressWhenTheyFall) {
  CompareOptions options;
  options.metrics = {"hit_rate"};
  const auto fell =
      compare_one({"BM_C", around(1), {{"hit_rate", around(0.9)}}},
                  {"BM_C", around(1), {{"hit_rate", around(0.6)}}}, options);
  EXPECT_EQ(fell.direction, Direction::kHigherIsBetter);
  EXPECT_EQ(fell.verdict, Verdict::kRegressed);
  const auto rose =
      compare_one({"BM_C", around(1), {{"hit_rate", around(0.6)}}},
                  {"BM_C", around(1), {{"hit_rate", around(0.9)}}}, options);
  EXPECT_EQ(rose.verdict, Verdict::kImproved);
}

TEST(Compare, UnknownCountersGetNoVerdictUnlessGivenADirection) {
  CompareOptions options;
  options.metrics = {"evictions"};
  const Bench base{"BM_C", around(1), {{"evictions", around(100)}}};
  const Bench next{"BM_C", around(1), {{"evictions", around(200)}}};
  const auto unknown = compare_one(base, next, options);
  EXPECT_EQ(unknown.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(contains(unknown.reason, "--direction evictions=lower|higher"))
      << unknown.reason;
  options.directions = {{"evictions", Direction::kLowerIsBetter}};
  EXPECT_EQ(compare_one(base, next, options).verdict, Verdict::kRegressed);
  options.directions = {{"evictions", Direction::kHigherIsBetter}};
  EXPECT_EQ(compare_one(base, next, options).verdict, Verdict::kImproved);
}

TEST(Compare, ZeroMediansUseTheSymmetricChange) {
  CompareOptions options;
  options.metrics = {"error_rate"};
  const auto both_zero =
      compare_one({"BM_P", around(1), {{"error_rate", around(0)}}},
                  {"BM_P", around(1), {{"error_rate", around(0)}}}, options);
  EXPECT_EQ(*both_zero.change, 0);
  EXPECT_EQ(both_zero.verdict, Verdict::kUnchanged);
  const auto from_zero =
      compare_one({"BM_P", around(1), {{"error_rate", around(0)}}},
                  {"BM_P", around(1), {{"error_rate", around(0.1)}}}, options);
  EXPECT_DOUBLE_EQ(*from_zero.change, 2.0);
  EXPECT_EQ(from_zero.verdict, Verdict::kRegressed);
}

TEST(Compare, ThresholdRulesOverrideTheGlobalThreshold) {
  CompareOptions options;
  ThresholdRule loose;
  loose.pattern = NamePattern::compile("^BM_Noisy", "test");
  loose.threshold = 0.30;
  options.thresholds.push_back(loose);
  const Comparison c = compare(testing::results({{"BM_Noisy/1", around(100)},
                                                 {"BM_Steady", around(100)}}),
                               testing::results({{"BM_Noisy/1", around(120)},
                                                 {"BM_Steady", around(120)}}),
                               options);
  EXPECT_EQ(c.entries[0].threshold, 0.30);
  EXPECT_EQ(c.entries[0].verdict, Verdict::kUnchanged);
  EXPECT_EQ(c.entries[1].threshold, 0.05);
  EXPECT_EQ(c.entries[1].verdict, Verdict::kRegressed);
}

TEST(Compare, ThresholdAndAlphaOptions) {
  CompareOptions options;
  options.threshold = 0.25;
  EXPECT_EQ(compare_one({"BM_A", around(100)}, {"BM_A", around(120)}, options)
                .verdict,
            Verdict::kUnchanged);
  options.threshold = 0.05;
  options.alpha = 1e-6;  // p for 9 vs 9 separated samples is 4e-4
  EXPECT_EQ(compare_one({"BM_A", around(100)}, {"BM_A", around(120)}, options)
                .verdict,
            Verdict::kInconclusive);
}

TEST(Compare, GeometricMeanOfMedianRatios) {
  const Comparison c = compare(
      testing::results(
          {{"A", around(100)}, {"B", around(100)}, {"Gone", around(5)}}),
      testing::results({{"A", around(120)}, {"B", around(100 / 1.2)}}), {});
  ASSERT_EQ(c.geomeans.size(), 1u);
  EXPECT_EQ(c.geomeans[0].count, 2u);  // the removed benchmark is not a ratio
  EXPECT_NEAR(c.geomeans[0].ratio, 1.0, 1e-12);
}

TEST(Compare, SeveralMetricsAndBenchmarksLackingOne) {
  CompareOptions options;
  options.metrics = {"real_time", "hit_rate"};
  const Comparison c =
      compare(testing::results({{"A", around(1), {{"hit_rate", around(0.5)}}},
                                {"B", around(1)}}),
              testing::results({{"A", around(1), {{"hit_rate", around(0.5)}}},
                                {"B", around(1)}}),
              options);
  EXPECT_EQ(c.entries.size(), 3u);  // A and B for real_time, A for hit_rate
  ASSERT_EQ(c.lacking_metric.size(), 1u);
  EXPECT_EQ(c.lacking_metric[0],
            (std::pair<std::string, std::size_t>{"hit_rate", 1}));
}

TEST(Compare, AMetricNoBenchmarkHasIsAnError) {
  CompareOptions options;
  options.metrics = {"hit_rat"};
  EXPECT_THROW(compare(testing::results({{"A", around(1)}}),
                       testing::results({{"A", around(1)}}), options),
               InputError);
}

TEST(Compare, ReportsContextMismatches) {
  const Results base = parse_results(
      testing::results_json({{"A", around(1)}}, 2, "GNU 12.2.0"), "b.json");
  const Results same = parse_results(
      testing::results_json({{"A", around(1)}}, 2, "GNU 12.2.0"), "s.json");
  const Results other = parse_results(
      testing::results_json({{"A", around(1)}}, 4, "Clang 14"), "o.json");
  EXPECT_TRUE(compare(base, same, {}).context_mismatches.empty());
  const auto mismatches = compare(base, other, {}).context_mismatches;
  ASSERT_EQ(mismatches.size(), 2u);
  EXPECT_EQ(mismatches[0].key, "num_cpus");
  EXPECT_EQ(mismatches[0].base_value, "2");
  EXPECT_EQ(mismatches[0].new_value, "4");
  EXPECT_EQ(mismatches[1].key, "compiler");
}

TEST(Compare, ToleratesSmallClockDifferences) {
  Results base = testing::results({{"A", around(1)}});
  Results next = testing::results({{"A", around(1)}});
  next.context.mhz_per_cpu = 2600;  // 2596 in the base: 0.15%
  EXPECT_TRUE(compare(base, next, {}).context_mismatches.empty());
  next.context.mhz_per_cpu = 3500;
  EXPECT_EQ(compare(base, next, {}).context_mismatches.size(), 1u);
}

TEST(Compare, VerdictNamesRoundTrip) {
  for (const Verdict v : kAllVerdicts)
    EXPECT_EQ(parse_verdict(to_string(v)), v);
  EXPECT_FALSE(parse_verdict("slower"));
}

}  // namespace
}  // namespace benchtool

namespace benchtool {
namespace {

// Holm-Bonferroni over 20 benchmarks: a clear regression survives the
// adjustment, a borderline one (p ~ 0.02) no longer counts as significant.
TEST(Compare, HolmAdjustmentKeepsClearRegressionsAndDropsChanceOnes) {
  std::vector<testing::Bench> base, next;
  base.push_back({"BM_Clear", testing::around(100)});
  next.push_back({"BM_Clear", testing::around(120)});
  base.push_back({"BM_Borderline", testing::around(100)});
  next.push_back(
      {"BM_Borderline", {99.1, 100.1, 100.6, 110, 111, 112, 113, 114, 115}});
  for (int i = 0; i < 18; ++i) {
    const std::string name = "BM_Same" + std::to_string(i);
    base.push_back({name, testing::around(100)});
    next.push_back({name, testing::around(100)});
  }
  const Results b = testing::results(base), n = testing::results(next);

  const Comparison plain = compare(b, n, {});
  ASSERT_EQ(plain.entries.size(), 20u);
  EXPECT_EQ(plain.entries[0].verdict, Verdict::kRegressed);
  EXPECT_EQ(plain.entries[1].verdict, Verdict::kRegressed);
  EXPECT_LT(*plain.entries[1].p_value, 0.05);

  CompareOptions holm;
  holm.holm = true;
  const Comparison adjusted = compare(b, n, holm);
  EXPECT_EQ(adjusted.entries[0].verdict, Verdict::kRegressed)
      << adjusted.entries[0].reason;
  EXPECT_EQ(adjusted.entries[1].verdict, Verdict::kInconclusive)
      << adjusted.entries[1].reason;
  EXPECT_NE(adjusted.entries[1].reason.find("Holm-adjusted over 20 tests"),
            std::string::npos)
      << adjusted.entries[1].reason;
  // The raw p-value is what is reported; only the verdict uses the adjusted.
  EXPECT_EQ(*adjusted.entries[1].p_value, *plain.entries[1].p_value);
  for (std::size_t i = 2; i < 20; ++i)
    EXPECT_EQ(adjusted.entries[i].verdict, Verdict::kUnchanged);
}

}  // namespace
}  // namespace benchtool
