#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/input_error.hpp"
#include "stats/budgets.hpp"

namespace benchtool {
namespace {

const std::string kData = BENCHTOOL_TEST_DATA_DIR;

// Writes `text` to a temporary file and returns the InputError message of
// loading it.
std::string thresholds_error(const std::string& text) {
  const auto path =
      std::filesystem::temp_directory_path() /
      ("benchtool_thresholds_test_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << text;
  try {
    load_thresholds(path.string());
  } catch (const InputError& e) {
    std::filesystem::remove(path);
    return e.what();
  }
  std::filesystem::remove(path);
  return "";
}

TEST(ParseThreshold, AcceptsPercentAndFractions) {
  EXPECT_DOUBLE_EQ(parse_threshold("5%", "--threshold"), 0.05);
  EXPECT_DOUBLE_EQ(parse_threshold("0.05", "--threshold"), 0.05);
  EXPECT_DOUBLE_EQ(parse_threshold("12.5%", "--threshold"), 0.125);
  EXPECT_DOUBLE_EQ(parse_threshold("0", "--threshold"), 0);
}

TEST(ParseThreshold, RejectsAnythingElseNamingTheInput) {
  for (const char* bad : {"", "%", "five", "5 %", "-1%", "nan", "5%%"}) {
    try {
      parse_threshold(bad, "--threshold");
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--threshold"), std::string::npos);
    }
  }
}

TEST(LoadThresholds, ReadsRulesInOrder) {
  const auto rules = load_thresholds(kData + "/thresholds_loose_a.json");
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].pattern.text(), "^BM_A$");
  EXPECT_DOUBLE_EQ(rules[0].threshold, 0.25);
  EXPECT_EQ(find_threshold(rules, "BM_A", "real_time"), 0.25);
  EXPECT_FALSE(find_threshold(rules, "BM_AB", "real_time"));
}

TEST(LoadThresholds, FirstMatchingRuleWinsAndMetricsFilter) {
  const auto path =
      std::filesystem::temp_directory_path() /
      ("benchtool_thresholds_order_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"thresholds": [
      {"benchmark": "^BM_Cache", "metric": "hit_rate", "threshold": 0.01},
      {"benchmark": "^BM_Cache", "threshold": "20%"},
      {"benchmark": "", "threshold": "1%"}]})";
  const auto rules = load_thresholds(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(find_threshold(rules, "BM_Cache/1", "hit_rate"), 0.01);
  EXPECT_EQ(find_threshold(rules, "BM_Cache/1", "real_time"), 0.20);
  EXPECT_EQ(find_threshold(rules, "BM_Other", "real_time"), 0.01);
}

TEST(LoadThresholds, RejectsBadFiles) {
  EXPECT_NE(thresholds_error("{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(thresholds_error("[]").find("expected an object"),
            std::string::npos);
  EXPECT_NE(thresholds_error(R"({"rules": []})").find("unknown key 'rules'"),
            std::string::npos);
  EXPECT_NE(thresholds_error(
                R"({"thresholds": [{"benchmark": "(", "threshold": 0.1}]})")
                .find("invalid regex"),
            std::string::npos);
  EXPECT_NE(thresholds_error(R"({"thresholds": [{"benchmark": "a"}]})")
                .find("thresholds[0]: no \"threshold\""),
            std::string::npos);
  EXPECT_NE(thresholds_error(
                R"({"thresholds": [{"benchmark": "a", "threshold": -1}]})")
                .find("threshold is -1"),
            std::string::npos);
  EXPECT_NE(
      thresholds_error(R"({"thresholds": [{"benchmark": "a", "treshold": 1}]})")
          .find("unknown key 'treshold'"),
      std::string::npos);
}

}  // namespace
}  // namespace benchtool
