#include "stats/budgets.hpp"

#include <gtest/gtest.h>

#include <string>

#include "budget_rules.hpp"
#include "io/input_error.hpp"
#include "results_builder.hpp"

namespace benchtool {
namespace {

using testing::Bench;

using testing::rules;
using testing::rules_error;

// One rule over one benchmark: did it pass?
bool passes(const std::string& rule_json, const Bench& bench) {
  const auto result = check_budgets(testing::results({bench}),
                                    rules(R"({"rules": [)" + rule_json + "]}"));
  EXPECT_EQ(result.outcomes.size(), 1u);
  return result.failed == 0;
}

TEST(Budgets, EachOperator) {
  const Bench b{"BM_A", {90, 100, 110}};  // median 100 ns
  EXPECT_TRUE(passes(R"({"benchmark": "BM_A", "op": "<", "value": 101})", b));
  EXPECT_FALSE(passes(R"({"benchmark": "BM_A", "op": "<", "value": 100})", b));
  EXPECT_TRUE(passes(R"({"benchmark": "BM_A", "op": "<=", "value": 100})", b));
  EXPECT_FALSE(passes(R"({"benchmark": "BM_A", "op": "<=", "value": 99})", b));
  EXPECT_TRUE(passes(R"({"benchmark": "BM_A", "op": "==", "value": 100})", b));
  EXPECT_FALSE(passes(R"({"benchmark": "BM_A", "op": "==", "value": 99})", b));
  EXPECT_TRUE(passes(R"({"benchmark": "BM_A", "op": ">", "value": 99})", b));
  EXPECT_FALSE(passes(R"({"benchmark": "BM_A", "op": ">", "value": 100})", b));
  EXPECT_TRUE(passes(R"({"benchmark": "BM_A", "op": ">=", "value": 100})", b));
  EXPECT_FALSE(passes(R"({"benchmark": "BM_A", "op": ">=", "value": 101})", b));
}

TEST(Budgets, ChecksTheMedianOverRepetitions) {
  // Mean 400 ns, median 100 ns: the median decides.
  EXPECT_TRUE(passes(R"({"benchmark": "BM_A", "op": "<", "value": 150})",
                     {"BM_A", {100, 1000, 99, 101, 100}}));
}

TEST(Budgets, TimeUnits) {
  const Bench b{"BM_A", {1.5e6, 1.5e6}};  // 1.5 ms
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_A", "op": "<", "value": 1500001, "unit": "ns"})",
      b));
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_A", "op": "<", "value": 1501, "unit": "us"})", b));
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_A", "op": "<", "value": 1499, "unit": "us"})", b));
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_A", "op": "<", "value": 2, "unit": "ms"})", b));
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_A", "op": "<", "value": 1, "unit": "ms"})", b));
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_A", "op": "<", "value": 0.002, "unit": "s"})", b));
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_A", "op": "<", "value": 0.001, "unit": "s"})", b));
  // A counter in nanoseconds takes time units too.
  const Bench p95{"BM_L", {1, 1}, {{"latency_p95_ns", {2e8, 2e8}}}};
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_L", "metric": "latency_p95_ns", "op": "<=", "value": 200, "unit": "ms"})",
      p95));
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_L", "metric": "latency_p95_ns", "op": "<", "value": 200, "unit": "ms"})",
      p95));
}

TEST(Budgets, ByteUnitsAre1024Based) {
  const Bench b{"BM_M",
                {1, 1},
                {{"bytes_per_inference", {102400, 102400}}}};  // exactly 100 KB
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_M", "metric": "bytes_per_inference", "op": "<=", "value": 100,
                         "unit": "KB"})",
      b));
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_M", "metric": "bytes_per_inference", "op": "<", "value": 100,
                          "unit": "KB"})",
      b));
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_M", "metric": "bytes_per_inference", "op": "<", "value": 102401,
                         "unit": "B"})",
      b));
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_M", "metric": "bytes_per_inference", "op": "<", "value": 0.1, "unit": "MB"})",
      b));
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_M", "metric": "bytes_per_inference", "op": ">", "value": 0.0001,
                          "unit": "GB"})",
      b));
}

TEST(Budgets, PercentForRates) {
  const Bench b{"BM_C", {1, 1}, {{"hit_rate", {0.86, 0.86}}}};
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_C", "metric": "hit_rate", "op": ">", "value": 85, "unit": "%"})",
      b));
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_C", "metric": "hit_rate", "op": ">", "value": 87, "unit": "%"})",
      b));
  EXPECT_TRUE(passes(
      R"({"benchmark": "BM_C", "metric": "hit_rate", "op": ">", "value": 0.85})",
      b));
}

TEST(Budgets, ARuleThatMatchesNothingFails) {
  const auto result = check_budgets(
      testing::results({{"BM_A", {1, 1}}}),
      rules(
          R"({"rules": [{"benchmark": "^BM_Typo$", "op": "<", "value": 1}]})"));
  ASSERT_EQ(result.outcomes.size(), 1u);
  EXPECT_FALSE(result.outcomes[0].pass);
  EXPECT_EQ(result.outcomes[0].reason, "matched nothing");
  EXPECT_TRUE(result.outcomes[0].benchmark.empty());
  EXPECT_EQ(result.failed, 1u);
}

TEST(Budgets, OneOutcomePerMatchedBenchmark) {
  const auto result = check_budgets(
      testing::results({{"BM_X/batch:1", {10, 10}},
                        {"BM_X/batch:64", {500, 500}},
                        {"BM_Y", {1, 1}}}),
      rules(
          R"({"rules": [{"benchmark": "^BM_X/batch:\\d+$", "op": "<", "value": 100}]})"));
  ASSERT_EQ(result.outcomes.size(), 2u);
  EXPECT_TRUE(result.outcomes[0].pass);
  EXPECT_FALSE(result.outcomes[1].pass);
  EXPECT_DOUBLE_EQ(*result.outcomes[1].measured, 500);
}

TEST(Budgets, MissingMetricAndErroredBenchmarksFail) {
  EXPECT_FALSE(passes(
      R"({"benchmark": "BM_A", "metric": "hit_rate", "op": ">", "value": 0})",
      {"BM_A", {1, 1}}));
  EXPECT_FALSE(passes(R"({"benchmark": "BM_A", "op": ">", "value": 0})",
                      {"BM_A", {1, 1}, {}, "boom"}));
}

TEST(Budgets, RejectsBadRules) {
  EXPECT_NE(
      rules_error(R"({"rules": [{"benchmark": "a", "op": "~", "value": 1}]})")
          .find("rules[0].op is '~'"),
      std::string::npos);
  EXPECT_NE(
      rules_error(R"({"rules": [{"benchmark": "a", "op": "<", "value": "1"}]})")
          .find("value is a string"),
      std::string::npos);
  EXPECT_NE(
      rules_error(
          R"({"rules": [{"benchmark": "a", "op": "<", "value": 1, "unit": "h"}]})")
          .find("unit is 'h'"),
      std::string::npos);
  EXPECT_NE(
      rules_error(
          R"({"rules": [{"benchmark": "a", "metric": "hit_rate", "op": "<", "value": 1, "unit": "ms"}]})")
          .find("unit 'ms' is a time but metric 'hit_rate' is not"),
      std::string::npos);
  EXPECT_NE(
      rules_error(
          R"({"rules": [{"benchmark": "a", "op": "<", "value": 1, "unit": "KB"}]})")
          .find("not a byte count"),
      std::string::npos);
  EXPECT_NE(
      rules_error(
          R"({"rules": [{"benchmark": "a", "op": "<", "value": 1, "unit": "%"}]})")
          .find("unit '%'"),
      std::string::npos);
  EXPECT_NE(
      rules_error(R"({"rules": [{"benchmark": "[", "op": "<", "value": 1}]})")
          .find("invalid regex"),
      std::string::npos);
  EXPECT_NE(
      rules_error(
          R"({"rules": [{"benchmark": "a", "op": "<", "value": 1, "targt": "x"}]})")
          .find("unknown key 'targt'"),
      std::string::npos);
  EXPECT_NE(rules_error(R"({"rules": []})").find("empty"), std::string::npos);
  EXPECT_NE(rules_error(R"({"budgets": []})").find("unknown key 'budgets'"),
            std::string::npos);
}

TEST(Budgets, TheShippedBudgetsFileLoadsAndNamesItsTargets) {
  const auto shipped = load_budgets(std::string(BENCHTOOL_TEST_DATA_DIR) +
                                    "/../../../bench/budgets.json");
  EXPECT_GE(shipped.size(), 19u);
  for (const BudgetRule& rule : shipped)
    EXPECT_FALSE(rule.target.empty()) << rule.pattern.text();
}

TEST(Budgets, ShippedPatternsMatchThreadedNameVariants) {
  const auto shipped = load_budgets(std::string(BENCHTOOL_TEST_DATA_DIR) +
                                    "/../../../bench/budgets.json");
  // The original tier's patterns (the engineering tier covers every thread
  // count of some families on purpose).
  auto matched_by_any = [&](const std::string& name) {
    for (const BudgetRule& rule : shipped) {
      if (rule.tier == "original" && rule.pattern.found_in(name)) return true;
    }
    return false;
  };
  for (const char* name :
       {"BM_MlpInference/batch:1", "BM_MlpInference/batch:256",
        "BM_MlRecommendationGeneration/stocks:100",
        "BM_ConcurrentModelInference/models:5/threads:4",
        "BM_ConcurrentModelInference/models:5/real_time/threads:8",
        "BM_InferenceCacheColdStart",
        "BM_CacheCluster/workers:3/routing:random",
        "BM_RecommendationsUnderLoad/threads:100",
        "BM_RecommendationsUnderLoad/real_time/threads:100",
        "BM_RecommendationsUnderLoad/threads:100/process_time",
        "BM_BulkPriceQuery/stocks:6000/batch:100",
        "BM_DailyPipeline/stocks:500", "BM_DbQueryLatest",
        "BM_PlatformMixedLoad/real_time/threads:100"}) {
    EXPECT_TRUE(matched_by_any(name)) << name;
  }
  for (const char* name : {"BM_MlpInference/batch:1/extra:2",
                           "BM_RecommendationsUnderLoad/threads:10",
                           "BM_CacheCluster/workers:3/routing:hash",
                           "BM_BulkPriceQuery/stocks:600/batch:100"}) {
    EXPECT_FALSE(matched_by_any(name)) << name;
  }
}

}  // namespace
}  // namespace benchtool
