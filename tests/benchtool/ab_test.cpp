#include "stats/ab.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/input_error.hpp"
#include "results_builder.hpp"
#include "stats/compare.hpp"

namespace benchtool {
namespace {

const std::string kFake =
    std::string(BENCHTOOL_TEST_DATA_DIR) + "/fake_bench.sh";

// A scratch directory per test, removed afterwards.
class AbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("benchtool_ab_test_" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // An executable that runs the fake benchmark with extra arguments.
  std::string wrapper(const std::string& name, const std::string& extra) {
    const auto path = dir_ / name;
    std::ofstream(path) << "#!/bin/sh\nexec '" << kFake << "' " << extra
                        << " \"$@\"\n";
    ::chmod(path.c_str(), 0755);
    return path.string();
  }

  AbOptions options(const std::string& base, const std::string& next) {
    AbOptions o;
    o.base_binary = base;
    o.new_binary = next;
    o.rounds = 5;
    o.repetitions = 2;
    o.work_dir = (dir_ / "work").string();
    return o;
  }

  std::filesystem::path dir_;
};

TEST(AbSchedule, AlternatesABBA) {
  EXPECT_EQ(ab_schedule(1), "AB");
  EXPECT_EQ(ab_schedule(4), "ABBAABBA");
}

TEST(AbBudget, RoundsThatFitTheBudgetAtLeastSix) {
  EXPECT_EQ(rounds_left_in_budget(90, 7.4, {7.4}), 12);
  EXPECT_EQ(rounds_left_in_budget(90, 30, {30}), kMinBudgetRounds);
  EXPECT_EQ(rounds_left_in_budget(90, 0, {0}), 1'000'001);
}

// A new build's first round pays cold caches: the plan is made again after
// every round at a typical warm round, so the budget is not left unused.
TEST(AbBudget, ReplansWithoutTheColdFirstRound) {
  EXPECT_DOUBLE_EQ(typical_round({15}), 15);
  EXPECT_DOUBLE_EQ(typical_round({15, 6, 5, 7}), 6);
  // After a 15 s first round alone: 6 rounds (the minimum).
  EXPECT_EQ(rounds_left_in_budget(90, 15, {15}), kMinBudgetRounds);
  // After it and a 6 s round: 2 done, 69 s left at 6 s a round.
  EXPECT_EQ(rounds_left_in_budget(90, 21, {15, 6}), 2 + 11);
  // Out of budget: no more than what is done (or the minimum).
  EXPECT_EQ(rounds_left_in_budget(
                90, 95, {15, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6}),
            15);
  EXPECT_EQ(rounds_left_in_budget(90, 100, {50, 50}), kMinBudgetRounds);
}

TEST(MergeRuns, RenumbersRepetitionsAndDropsAggregates) {
  const Results one =
      testing::results({{"A", {1, 2}}, {"B", {5, 6}}}, "one.json");
  const Results two = testing::results({{"A", {3}}}, "two.json");
  const Results merged = merge_runs({one, two}, "merged.json");
  const Benchmark* a = merged.find("A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(benchmark_samples(merged, *a, "real_time").values,
            (std::vector<double>{1, 2, 3}));
  for (const std::size_t i : a->samples) {
    EXPECT_EQ(merged.rows[i].repetitions, 3);
    EXPECT_TRUE(merged.rows[i].aggregate_name.empty());
  }
  EXPECT_EQ(merged.rows[a->samples[2]].repetition_index, 2);
  EXPECT_EQ(merged.context.custom_value("benchtool_merged_runs"), "2");
  EXPECT_EQ(merged.rows[a->samples[0]].run, 0);
  EXPECT_EQ(merged.rows[a->samples[1]].run, 0);
  EXPECT_EQ(merged.rows[a->samples[2]].run, 1);
  EXPECT_THROW(merge_runs({}, "x"), InputError);
}

TEST_F(AbTest, SameBinaryGivesNoRegression) {
  std::vector<std::string> progress;
  const AbOutcome out =
      run_ab(options(kFake, kFake),
             [&](const std::string& line) { progress.push_back(line); });
  EXPECT_EQ(progress.size(), 10u);  // 5 rounds x 2 sides
  const Benchmark* steady = out.base.find("BM_Steady");
  ASSERT_NE(steady, nullptr);
  EXPECT_EQ(steady->samples.size(), 10u);  // 5 rounds x 2 repetitions
  EXPECT_TRUE(steady->aggregates.empty());
  const Comparison c = compare(out.base, out.next, {});
  EXPECT_EQ(c.count(Verdict::kRegressed), 0u);
  EXPECT_EQ(c.count(Verdict::kUnchanged), 2u);
  EXPECT_EQ(c.entries[0].unit, SampleUnit::kRuns);
  EXPECT_EQ(c.entries[0].base->n, 5u);  // one value per run
  // The temporary run files are gone.
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "work"))
    ADD_FAILURE() << entry.path();
}

TEST_F(AbTest, SlowerBinaryRegresses) {
  const AbOutcome out =
      run_ab(options(kFake, wrapper("slow.sh", "--fake_scale=1.10")),
             [](const std::string&) {});
  const Comparison c = compare(out.base, out.next, {});
  ASSERT_EQ(c.entries.size(), 2u);
  EXPECT_EQ(c.entries[0].verdict, Verdict::kUnchanged);  // BM_Steady
  EXPECT_EQ(c.entries[1].name, "BM_Scaled");
  EXPECT_EQ(c.entries[1].verdict, Verdict::kRegressed);
  EXPECT_NEAR(*c.entries[1].change, 0.10, 1e-9);
}

TEST_F(AbTest, PassesBenchmarkFlagsToBothBinaries) {
  AbOptions o = options(kFake, kFake);
  o.rounds = 1;
  o.benchmark_flags = {"--fake_scale=2"};
  const AbOutcome out = run_ab(o, [](const std::string&) {});
  EXPECT_DOUBLE_EQ(
      out.base.rows[out.base.find("BM_Scaled")->samples[0]].real_time, 199.2);
  EXPECT_DOUBLE_EQ(
      out.next.rows[out.next.find("BM_Scaled")->samples[0]].real_time, 199.2);
}

TEST_F(AbTest, RunsAtTheDefaultMinTimeUnlessOneIsGiven) {
  AbOptions o = options(kFake, kFake);
  o.rounds = 1;
  o.benchmark_flags = {"--fake_want_min_time=0.02"};
  EXPECT_NO_THROW(run_ab(o, [](const std::string&) {}));
  o.benchmark_flags = {"--benchmark_min_time=0.5", "--fake_want_min_time=0.5"};
  EXPECT_NO_THROW(run_ab(o, [](const std::string&) {}));
  o.benchmark_flags = {"--fake_want_min_time=0.5"};
  EXPECT_THROW(run_ab(o, [](const std::string&) {}), InputError);
  // Google Benchmark's environment variable is a choice too: no flag then.
  ::setenv("BENCHMARK_BENCHMARK_MIN_TIME", "0.5", 1);
  o.benchmark_flags = {"--fake_want_min_time=none"};
  EXPECT_NO_THROW(run_ab(o, [](const std::string&) {}));
  ::unsetenv("BENCHMARK_BENCHMARK_MIN_TIME");
}

TEST_F(AbTest, AFailingBinaryStopsWithItsOutput) {
  std::vector<std::string> progress;
  try {
    run_ab(options(kFake, wrapper("failing.sh", "--fake_fail")),
           [&](const std::string& line) { progress.push_back(line); });
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("new binary"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("exited with status 3 in round 1"),
              std::string::npos)
        << e.what();
  }
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress.back().find("fake_bench: failing as asked"),
            std::string::npos)
      << progress.back();
}

TEST_F(AbTest, RejectsBadOptionsBeforeRunning) {
  AbOptions o = options(kFake, kFake);
  o.benchmark_flags = {"--benchmark_repetitions=9"};
  EXPECT_THROW(run_ab(o, [](const std::string&) {}), InputError);
  o = options(kFake, (dir_ / "missing").string());
  EXPECT_THROW(run_ab(o, [](const std::string&) {}), InputError);
  o = options(kFake, kFake);
  o.rounds = 0;
  EXPECT_THROW(run_ab(o, [](const std::string&) {}), InputError);
}

}  // namespace
}  // namespace benchtool
