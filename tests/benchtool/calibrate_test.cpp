#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/output.hpp"
#include "results_builder.hpp"
#include "stats/ab.hpp"
#include "stats/budgets.hpp"
#include "stats/compare.hpp"

namespace benchtool {
namespace {

using testing::Bench;

// Two repetitions per run, +-0.5% around each run's value.
Bench runs_of(const std::string& name, const std::vector<double>& values) {
  Bench b{name, {}};
  for (std::size_t r = 0; r < values.size(); ++r) {
    for (const double f : {0.995, 1.005}) {
      b.real_time.push_back(values[r] * f);
      b.runs.push_back(static_cast<int>(r));
    }
  }
  return b;
}

std::vector<double> spread(double center, double cv, int n, int stride) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i)
    v.push_back(center * (1 + cv * ((i * stride % n) - (n - 1) / 2.0) /
                                  ((n - 1) / 2.0)));
  return v;
}

TEST(Calibrate, BetweenAndWithinRunSpreadAndTheirThreshold) {
  const Results a =
      testing::results({runs_of("BM_Steady", spread(100, 0.005, 8, 3)),
                        runs_of("BM_Noisy", spread(100, 0.2, 8, 3))});
  const Results b =
      testing::results({runs_of("BM_Steady", spread(100, 0.005, 8, 5)),
                        runs_of("BM_Noisy", spread(100, 0.2, 8, 5))});
  const CalibrateOptions options;
  const auto rows = calibrate(a, b, options);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "BM_Steady");
  EXPECT_EQ(rows[0].runs, 16u);
  EXPECT_NEAR(*rows[0].within_cv, 0.00707, 1e-4);  // 0.995 / 1.005
  EXPECT_LT(*rows[0].between_cv, 0.005);
  EXPECT_LT(*rows[0].mde, 0.05);
  EXPECT_EQ(rows[0].threshold, 0.05);  // the minimum
  EXPECT_FALSE(rows[0].multimodal);
  EXPECT_GT(*rows[1].between_cv, 0.1);
  EXPECT_GT(*rows[1].mde, 0.05);
  // The noisy one gets 1.25 x its MDE, rounded up to whole percent.
  EXPECT_GE(rows[1].threshold, *rows[1].mde * 1.25 - 1e-12);
  EXPECT_LT(rows[1].threshold, *rows[1].mde * 1.25 + 0.01);
}

TEST(Calibrate, FlagsRunsThatFallIntoSeparateGroups) {
  // The BM_LruGetHit: 7.0 ns in some processes, 10.2 ns in others.
  EXPECT_TRUE(
      looks_multimodal({7.0, 10.2, 7.01, 10.1, 7.02, 10.2, 6.99, 10.25}, 0.01));
  EXPECT_TRUE(
      looks_multimodal({7.0, 7.01, 6.99, 7.02, 7.0, 7.03, 10.2, 10.1}, 0.01));
  // Spread evenly, however wide: one group.
  EXPECT_FALSE(looks_multimodal(spread(100, 0.3, 16, 5), 0.01));
  // A single outlier is not a second mode.
  EXPECT_FALSE(
      looks_multimodal({7.0, 7.01, 6.99, 7.02, 7.0, 7.03, 7.01, 10.2}, 0.01));
  // Gaps within the run-to-run jitter do not count.
  EXPECT_FALSE(looks_multimodal({7.0, 7.1, 7.0, 7.1, 7.0, 7.1}, 0.02));
}

TEST(Calibrate, ExactNameRegexMatchesOnlyThatName) {
  const std::string name = "BM_Zipf/s_permille:990/real_time+(x)";
  const NamePattern p = NamePattern::compile(exact_name_regex(name), "test");
  EXPECT_TRUE(p.found_in(name));
  EXPECT_FALSE(p.found_in(name + "/threads:2"));
  EXPECT_FALSE(p.found_in("BM_ZipfXs_permille:990/real_time+(x)"));
}

TEST(Calibrate, ItsThresholdsFileIsReadByCompare) {
  const Results a =
      testing::results({runs_of("BM_A/x:1", spread(100, 0.01, 8, 3)),
                        runs_of("BM_B", spread(100, 0.2, 8, 3))});
  const Results b =
      testing::results({runs_of("BM_A/x:1", spread(100, 0.01, 8, 5)),
                        runs_of("BM_B", spread(100, 0.2, 8, 5))});
  const auto rows = calibrate(a, b, {});
  const auto path =
      std::filesystem::temp_directory_path() /
      ("benchtool_calibrate_test_" + std::to_string(::getpid()) + ".json");
  write_file_atomic(path.string(), thresholds_json(rows, {}));
  const std::vector<ThresholdRule> rules = load_thresholds(path.string());
  std::filesystem::remove(path);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(find_threshold(rules, "BM_A/x:1", "real_time"), rows[0].threshold);
  EXPECT_EQ(find_threshold(rules, "BM_B", "real_time"), rows[1].threshold);
  EXPECT_FALSE(find_threshold(rules, "BM_B", "cpu_time"));
  CompareOptions options;
  options.thresholds = rules;
  const Comparison c = compare(a, b, options);
  EXPECT_EQ(c.entries[1].threshold, rows[1].threshold);
  // At its calibrated threshold the noisy benchmark gets a verdict.
  EXPECT_EQ(c.entries[1].verdict, Verdict::kUnchanged) << c.entries[1].reason;
}

}  // namespace
}  // namespace benchtool
