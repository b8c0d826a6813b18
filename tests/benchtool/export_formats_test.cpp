// Both export formats against hand-checked expected files
// (tests/data/benchtool/report/export_expected_*.json): medians, min/max and
// standard deviations of export_run.json worked out by hand.

#include <gtest/gtest.h>

#include "io/json_file.hpp"
#include "io/results.hpp"
#include "report/report.hpp"

namespace benchtool {
namespace {

std::string fixture(const std::string& name) {
  return std::string(BENCHTOOL_TEST_DATA_DIR) + "/report/" + name;
}

Results export_run() { return load_results(fixture("export_run.json")); }

TEST(ExportBmf, MatchesTheHandCheckedFile) {
  const ExportResult r = export_bmf(export_run());
  EXPECT_EQ(r.text, read_text_file(fixture("export_expected_bmf.json")));
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0], "BM_ModelLoad: errored: cannot open model file");
}

TEST(ExportGithub, MatchesTheHandCheckedFiles) {
  const GithubExport r = export_github(export_run());
  EXPECT_EQ(r.smaller_is_better,
            read_text_file(fixture("export_expected_github_smaller.json")));
  EXPECT_EQ(r.bigger_is_better,
            read_text_file(fixture("export_expected_github_bigger.json")));
  ASSERT_EQ(r.skipped.size(), 1u);
}

TEST(ExportGithub, EveryEntryHasTheFieldsTheActionReads) {
  const GithubExport r = export_github(load_results(fixture("current.json")));
  for (const std::string* text : {&r.smaller_is_better, &r.bigger_is_better}) {
    const auto doc = nlohmann::json::parse(*text);
    ASSERT_TRUE(doc.is_array());
    ASSERT_FALSE(doc.empty());
    for (const auto& e : doc) {
      EXPECT_TRUE(e.at("name").is_string());
      EXPECT_TRUE(e.at("unit").is_string());
      EXPECT_TRUE(e.at("value").is_number());
      EXPECT_TRUE(e.at("range").is_string());  // 5 repetitions in current.json
      EXPECT_TRUE(e.at("extra").is_string());
    }
  }
  EXPECT_EQ(r.skipped.size(), 3u);  // one errored, two skipped
}

TEST(MeasureSlug, KebabCase) {
  EXPECT_EQ(measure_slug("latency_p95_ns"), "latency-p95-ns");
}

}  // namespace
}  // namespace benchtool
