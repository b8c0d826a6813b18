// The verdict rules on run values (and the pooled fallback for files without
// run ids), through compare().
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "compare_one.hpp"
#include "results_builder.hpp"
#include "stats/compare.hpp"

namespace benchtool {
namespace {

using testing::around;
using testing::Bench;

// `runs` values, one repetition each, numbered 0..runs-1.
Bench per_run(const std::string& name, std::vector<double> values) {
  Bench b{name, std::move(values)};
  for (std::size_t i = 0; i < b.real_time.size(); ++i)
    b.runs.push_back(static_cast<int>(i));
  return b;
}

// `reps` repetitions per run, each within +-0.1% of the run's value.
Bench with_repetitions(const std::string& name,
                       const std::vector<double>& run_values, int reps) {
  Bench b{name, {}};
  for (std::size_t r = 0; r < run_values.size(); ++r) {
    for (int i = 0; i < reps; ++i) {
      b.real_time.push_back(run_values[r] * (1 + 0.001 * (i - reps / 2)));
      b.runs.push_back(static_cast<int>(r));
    }
  }
  return b;
}

// `benchmarks` benchmarks BM_0.. with the same `runs` run values on both sides.
std::pair<std::vector<Bench>, std::vector<Bench>> alike(int benchmarks,
                                                        int runs) {
  std::vector<Bench> base, next;
  for (int i = 0; i < benchmarks; ++i) {
    const std::string name = "BM_" + std::to_string(i);
    base.push_back(per_run(name, around(100, runs)));
    next.push_back(per_run(name, around(100, runs)));
  }
  return {base, next};
}

using testing::compare_one;
using testing::contains;

// The case: two processes of each side at 7 ns and two at 10.2 ns, in
// different proportions. Pooled, 12 repetitions a side look like 12
// independent samples and the U test calls it; per run it is 4 against 4.
TEST(RunVerdicts, BimodalSidesAreSignificantPooledButNotPerRun) {
  const Bench base = with_repetitions("BM_LruGetHit", {7.0, 7.0, 7.0, 10.2}, 3);
  const Bench next =
      with_repetitions("BM_LruGetHit", {7.0, 10.2, 10.2, 10.2}, 3);
  Bench base_pooled = base, next_pooled = next;
  base_pooled.runs.clear();
  next_pooled.runs.clear();
  const auto pooled = compare_one(base_pooled, next_pooled);
  EXPECT_EQ(pooled.unit, SampleUnit::kRepetitions);
  EXPECT_EQ(pooled.base->n, 12u);
  EXPECT_LT(*pooled.p_value, 0.05);
  EXPECT_EQ(pooled.verdict, Verdict::kRegressed) << pooled.reason;
  EXPECT_TRUE(contains(pooled.reason, "pooled repetitions")) << pooled.reason;

  const auto runs = compare_one(base, next);
  EXPECT_EQ(runs.unit, SampleUnit::kRuns);
  EXPECT_EQ(runs.base->n, 4u);
  EXPECT_GT(*runs.p_value, 0.05);
  EXPECT_EQ(runs.verdict, Verdict::kInconclusive) << runs.reason;
  EXPECT_TRUE(contains(runs.reason, "not detectable with 4 runs per side"))
      << runs.reason;
}

TEST(RunVerdicts, RegressedWhenSignificantAndTheEstimateIsBeyond) {
  const auto e = compare_one(per_run("BM_A", around(100, 10)),
                             per_run("BM_A", around(112, 10)));
  EXPECT_EQ(e.verdict, Verdict::kRegressed) << e.reason;
  EXPECT_NEAR(*e.estimate, 0.12, 0.005);
  EXPECT_GT(*e.interval_low, 0.05);
  EXPECT_LT(*e.mde, 0.05);
  EXPECT_TRUE(contains(e.reason, "worse by 12")) << e.reason;
  EXPECT_TRUE(contains(e.reason, "95% interval")) << e.reason;
}

TEST(RunVerdicts, ImprovedForAHigherIsBetterCounterThatRose) {
  CompareOptions options;
  options.metrics = {"hit_rate"};
  Bench base = per_run("BM_C", around(1, 10));
  Bench next = per_run("BM_C", around(1, 10));
  base.counters["hit_rate"] = around(0.6, 10);
  next.counters["hit_rate"] = around(0.9, 10);
  EXPECT_EQ(compare_one(base, next, options).verdict, Verdict::kImproved);
}

TEST(RunVerdicts, UnchangedOnlyWhenTheIntervalIsWithinTheThreshold) {
  const auto same = compare_one(per_run("BM_A", around(100, 10)),
                                per_run("BM_A", around(100, 10)));
  EXPECT_EQ(same.verdict, Verdict::kUnchanged) << same.reason;
  EXPECT_LE(std::fabs(*same.interval_high), 0.05);
  // Significant, estimate 3% within the 5% threshold, interval inside it.
  const auto small = compare_one(per_run("BM_A", around(100, 10)),
                                 per_run("BM_A", around(103, 10)));
  EXPECT_EQ(small.verdict, Verdict::kUnchanged) << small.reason;
  EXPECT_LT(*small.p_value, 0.05);
}

TEST(RunVerdicts, IntervalReachingBeyondTheThresholdIsInconclusive) {
  // Spread ~1.5% between runs: detectable at 5%, but an estimate of 4.5%
  // has an interval reaching past 5%.
  std::vector<double> base, next;
  for (int i = 0; i < 12; ++i) {
    base.push_back(100 * (1 + 0.015 * ((i * 5 % 12) - 5.5) / 5.5));
    next.push_back(104.5 * (1 + 0.015 * ((i * 7 % 12) - 5.5) / 5.5));
  }
  const auto e = compare_one(per_run("BM_A", base), per_run("BM_A", next));
  EXPECT_LT(*e.mde, 0.05);
  EXPECT_GT(*e.interval_high, 0.05);
  EXPECT_EQ(e.verdict, Verdict::kInconclusive) << e.reason;
  EXPECT_TRUE(contains(e.reason, "reaches beyond the 5.0% threshold"))
      << e.reason;
}

// A noisy benchmark with no change is never `unchanged`: the noise would hide
// a change at the threshold.
TEST(RunVerdicts, NoiseAboveTheThresholdIsInconclusiveWithTheMde) {
  std::vector<double> base, next;
  for (int i = 0; i < 10; ++i) {
    base.push_back(100 * (1 + 0.2 * ((i * 3 % 10) - 4.5) / 4.5));
    next.push_back(100 * (1 + 0.2 * ((i * 7 % 10) - 4.5) / 4.5));
  }
  const auto e = compare_one(per_run("BM_N", base), per_run("BM_N", next));
  EXPECT_GT(*e.mde, 0.05);
  EXPECT_EQ(e.verdict, Verdict::kInconclusive) << e.reason;
  EXPECT_TRUE(contains(e.reason,
                       "not detectable with 10 runs per side; run "
                       "more rounds or raise its threshold"))
      << e.reason;
  // The same noise under a threshold above its MDE is a verdict again.
  CompareOptions loose;
  loose.threshold = 0.5;
  EXPECT_EQ(
      compare_one(per_run("BM_N", base), per_run("BM_N", next), loose).verdict,
      Verdict::kUnchanged);
}

TEST(RunVerdicts, HolmRaisesTheMdeToTheStricterLevel) {
  auto [base, next] = alike(17, 10);
  CompareOptions holm;
  holm.holm = true;
  const Results b = testing::results(base), n = testing::results(next);
  const double plain = *compare(b, n, {}).entries[0].mde;
  const auto adjusted = compare(b, n, holm).entries[0];
  EXPECT_GT(*adjusted.mde, plain);
  EXPECT_TRUE(adjusted.adjusted_p);
  EXPECT_EQ(adjusted.verdict, Verdict::kUnchanged) << adjusted.reason;
}

// `unchanged` is a claim, held to the test's level: under Holm over 17 tests
// its interval is the 99.7% one. A 4% shift at +-2% noise whose 95% interval
// fits within 5% but whose 99.7% interval does not is `unchanged` alone and
// `inconclusive` among 17.
TEST(RunVerdicts, UnchangedIsClaimedAtTheLevelOfTheTest) {
  auto [base, next] = alike(17, 16);
  next[0] = per_run("BM_0", around(104.3, 16));
  CompareOptions holm;
  holm.holm = true;
  const Results b = testing::results(base), n = testing::results(next);
  const auto alone = compare(b, n, {}).entries[0];
  const auto among = compare(b, n, holm).entries[0];
  EXPECT_EQ(alone.verdict, Verdict::kUnchanged) << alone.reason;
  EXPECT_LT(*alone.interval_high, 0.05);
  EXPECT_EQ(*alone.claim_high, *alone.interval_high);
  EXPECT_LT(*among.mde, 0.05);  // noise is not the reason
  EXPECT_LT(*among.interval_high, 0.05);
  EXPECT_GT(*among.claim_high, 0.05);
  EXPECT_LT(*among.claim_low, *among.interval_low);
  EXPECT_EQ(among.verdict, Verdict::kInconclusive) << among.reason;
  EXPECT_TRUE(contains(among.reason, "99.71% interval")) << among.reason;
  EXPECT_TRUE(contains(among.reason, "reaches beyond the 5.0% threshold"))
      << among.reason;
}

TEST(RunVerdicts, FewerThanTwoRunsIsNoTest) {
  const auto e = compare_one(with_repetitions("BM_A", {100}, 5),
                             with_repetitions("BM_A", {120, 121}, 5));
  EXPECT_EQ(e.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(contains(e.reason, "fewer than 2 runs in BASE (n = 1)"))
      << e.reason;
}

TEST(RunVerdicts, OneSideWithoutRunIdsFallsBackToPooledAndSaysSo) {
  const Comparison c =
      compare(testing::results({per_run("BM_A", around(100, 10))}),
              testing::results({{"BM_A", around(100, 10)}}), {});
  ASSERT_EQ(c.entries.size(), 1u);
  EXPECT_EQ(c.entries[0].unit, SampleUnit::kRepetitions);
  bool noted = false;
  for (const std::string& note : c.notes)
    noted = noted || contains(note, "no benchtool_run ids");
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace benchtool
