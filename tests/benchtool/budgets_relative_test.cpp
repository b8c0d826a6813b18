// Relative budget rules and tiers (budgets.hpp).

#include <gtest/gtest.h>

#include <string>

#include "budget_rules.hpp"
#include "commands/format.hpp"
#include "io/input_error.hpp"
#include "results_builder.hpp"
#include "stats/budgets.hpp"

namespace benchtool {
namespace {

using testing::Bench;

using testing::rules;
using testing::rules_error;

CheckResult check(const std::string& rule_json,
                  const std::vector<Bench>& benches) {
  return check_budgets(testing::results(benches),
                       rules(R"({"rules": [)" + rule_json + "]}"));
}

const std::vector<Bench> kLru = {{"BM_Lru", {30, 31, 29}},
                                 {"BM_Map", {10, 11, 9}}};

TEST(BudgetsRelative, ComparesTheRatioOfMedians) {
  const std::string rule =
      R"({"benchmark": "^BM_Lru$", "op": "<=", "value": VALUE,
          "relative_to": {"benchmark": "^BM_Map$"}})";
  auto with = [&](const std::string& value) {
    std::string r = rule;
    return r.replace(r.find("VALUE"), 5, value);
  };
  const CheckResult pass = check(with("3"), kLru);
  ASSERT_EQ(pass.outcomes.size(), 1u);
  EXPECT_TRUE(pass.outcomes[0].pass);
  EXPECT_DOUBLE_EQ(*pass.outcomes[0].measured, 3.0);
  EXPECT_DOUBLE_EQ(*pass.outcomes[0].value, 30.0);
  EXPECT_DOUBLE_EQ(*pass.outcomes[0].reference_value, 10.0);
  EXPECT_EQ(pass.outcomes[0].reference, "BM_Map");
  EXPECT_EQ(check(with("2.9"), kLru).failed, 1u);
}

TEST(BudgetsRelative, CountersAndHigherIsBetter) {
  const std::vector<Bench> scaling = {
      {"BM_X/threads:1", {1, 1}, {{"ops_per_second", {100, 100}}}},
      {"BM_X/threads:2", {1, 1}, {{"ops_per_second", {180, 180}}}}};
  const std::string rule =
      R"({"benchmark": "^BM_X/threads:2$", "metric": "ops_per_second",
          "op": ">=", "value": 1.7, "relative_to":
          {"benchmark": "^BM_X/threads:1$", "metric": "ops_per_second"}})";
  EXPECT_EQ(check(rule, scaling).failed, 0u);
  const std::vector<Bench> flat = {
      {"BM_X/threads:1", {1, 1}, {{"ops_per_second", {100, 100}}}},
      {"BM_X/threads:2", {1, 1}, {{"ops_per_second", {100, 100}}}}};
  EXPECT_EQ(check(rule, flat).failed, 1u);
}

TEST(BudgetsRelative, TimesInEitherUnit) {
  // 2 us of latency against 1000 ns of real time: a ratio of 2.
  const std::vector<Bench> b = {{"BM_A", {1, 1}, {{"latency_p50_us", {2, 2}}}},
                                {"BM_B", {1000, 1000}}};
  const CheckResult r = check(
      R"({"benchmark": "^BM_A$", "metric": "latency_p50_us", "op": "<",
          "value": 2.5, "relative_to": {"benchmark": "^BM_B$"}})",
      b);
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_DOUBLE_EQ(*r.outcomes[0].measured, 2.0);
  EXPECT_TRUE(r.outcomes[0].pass);
}

TEST(BudgetsRelative, AReferenceMatchingNothingFailsSayingSo) {
  const CheckResult r = check(
      R"({"benchmark": "^BM_Lru$", "op": "<", "value": 9,
          "relative_to": {"benchmark": "^BM_Typo$"}})",
      kLru);
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_FALSE(r.outcomes[0].pass);
  EXPECT_EQ(r.outcomes[0].reason, "reference /^BM_Typo$/ matched nothing");
  EXPECT_EQ(r.failed, 1u);
}

TEST(BudgetsRelative, AReferenceMatchingSeveralFailsNamingThem) {
  const CheckResult r = check(
      R"({"benchmark": "^BM_Lru$", "op": "<", "value": 9,
          "relative_to": {"benchmark": "^BM_"}})",
      kLru);
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_FALSE(r.outcomes[0].pass);
  EXPECT_EQ(r.outcomes[0].reason,
            "reference /^BM_/ matched 2 benchmarks, expected one: BM_Lru, "
            "BM_Map");
}

TEST(BudgetsRelative, AReferenceWithoutTheMetricOrAZeroFails) {
  EXPECT_EQ(check(R"({"benchmark": "^BM_Lru$", "op": "<", "value": 9,
                      "relative_to": {"benchmark": "^BM_Map$",
                                      "metric": "cpu_ns"}})",
                  kLru)
                .outcomes[0]
                .reason,
            "reference BM_Map: no cpu_ns in this benchmark");
  const CheckResult zero =
      check(R"({"benchmark": "^BM_Lru$", "op": "<", "value": 9,
                "relative_to": {"benchmark": "^BM_Z$"}})",
            {{"BM_Lru", {3}}, {"BM_Z", {0}}});
  EXPECT_EQ(zero.failed, 1u);
  EXPECT_EQ(zero.outcomes[0].reason, "reference BM_Z real_time is 0");
}

TEST(BudgetsRelative, RejectsBadRelativeRules) {
  EXPECT_NE(rules_error(R"({"rules": [{"benchmark": "a", "op": "<", "value": 1,
              "relative_to": {"benchmark": "b", "metirc": "x"}}]})")
                .find("relative_to: unknown key 'metirc'"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"rules": [{"benchmark": "a", "op": "<", "value": 1,
              "relative_to": {"metric": "x"}}]})")
                .find("relative_to: no \"benchmark\" regex"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"rules": [{"benchmark": "a", "op": "<", "value": 1,
              "relative_to": "b"}]})")
                .find("relative_to is a string, expected an object"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"rules": [{"benchmark": "a", "op": "<", "value": 1,
              "unit": "ms", "relative_to": {"benchmark": "b"}}]})")
                .find("takes no unit"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"rules": [{"benchmark": "a", "op": "<", "value": 1,
              "metric": "gflops", "relative_to": {"benchmark": "b"}}]})")
                .find("must both be times or both not"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"rules": [{"benchmark": "a", "op": "<", "value": 1,
              "relative_to": {"benchmark": "["}}]})")
                .find("relative_to.benchmark: invalid regex"),
            std::string::npos);
}

TEST(BudgetsTiers, RulesNameDeclaredTiers) {
  const auto parsed = rules(R"({"tiers": {"original": "targets", "eng": "x"},
      "rules": [{"tier": "eng", "benchmark": "a", "op": "<", "value": 1}]})");
  EXPECT_EQ(parsed[0].tier, "eng");
  EXPECT_NE(rules_error(R"({"tiers": {"original": "targets"},
      "rules": [{"tier": "eng", "benchmark": "a", "op": "<", "value": 1}]})")
                .find("rules[0].tier 'eng' is not one of the file's tiers"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"rules": [{"tier": "eng", "benchmark": "a",
      "op": "<", "value": 1}]})")
                .find("not one of the file's tiers"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"tiers": {"eng": 1}, "rules": [{"benchmark": "a",
      "op": "<", "value": 1}]})")
                .find("tiers.eng is a number, expected a string"),
            std::string::npos);
  EXPECT_NE(
      rules_error(R"({"tier": {}, "rules": []})").find("unknown key 'tier'"),
      std::string::npos);
}

TEST(BudgetsTiers, TextOutputLabelsTiersAndListsFailures) {
  const auto parsed = rules(R"({"tiers": {"original": "o", "eng": "e"},
      "rules": [
        {"tier": "original", "benchmark": "^BM_Lru$", "op": "<", "value": 100,
         "target": "under 100 ns"},
        {"tier": "eng", "benchmark": "^BM_Lru$", "op": "<=", "value": 2,
         "relative_to": {"benchmark": "^BM_Map$"}, "target": "within 2x"}]})");
  const CheckResult r = check_budgets(testing::results(kLru), parsed);
  const std::string text = format_check_text(r, parsed, "r.json", false);
  EXPECT_NE(text.find("(original: 1 of 1 passed; eng: 0 of 1 passed)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("3x (30.0 ns / 10.0 ns)"), std::string::npos) << text;
  EXPECT_NE(text.find("<= 2x ^BM_Map$"), std::string::npos) << text;
  EXPECT_NE(
      text.find("\nFAIL rule 1 (eng): BM_Lru real_time 3x (30.0 ns / 10.0 "
                "ns), budget <= 2x ^BM_Map$ - within 2x\n"),
      std::string::npos)
      << text;
  EXPECT_EQ(format_check_failures(r, parsed).find("rule 0"), std::string::npos);
  const auto json = nlohmann::json::parse(format_check_json(r, parsed, "r"));
  EXPECT_EQ(json["checks"][1]["tier"], "eng");
  EXPECT_EQ(json["checks"][1]["relative_to"]["benchmark"], "BM_Map");
  EXPECT_DOUBLE_EQ(json["checks"][1]["measured"].get<double>(), 3.0);
  EXPECT_TRUE(json["checks"][0]["relative_to"].is_null());
}

TEST(BudgetsTiers, OnlyTierKeepsOneTierAndTheFileRuleNumbers) {
  const auto parsed = rules(R"({"tiers": {"original": "o", "eng": "e"},
      "rules": [
        {"tier": "original", "benchmark": "^BM_Lru$", "op": "<", "value": 1},
        {"tier": "eng", "benchmark": "^BM_Map$", "op": "<", "value": 100}]})");
  const CheckResult all = check_budgets(testing::results(kLru), parsed);
  EXPECT_EQ(all.failed, 1u);
  const CheckResult eng = only_tier(all, parsed, "eng");
  ASSERT_EQ(eng.outcomes.size(), 1u);
  EXPECT_EQ(eng.outcomes[0].rule, 1u);
  EXPECT_EQ(eng.failed, 0u);
  EXPECT_EQ(only_tier(all, parsed, "original").failed, 1u);
  EXPECT_THROW(only_tier(all, parsed, "nope"), InputError);
}

}  // namespace
}  // namespace benchtool
