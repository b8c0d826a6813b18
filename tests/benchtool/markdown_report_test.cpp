#include <gtest/gtest.h>

#include <sstream>

#include "report/report.hpp"

namespace benchtool {
namespace {

std::string fixture(const std::string& name) {
  return std::string(BENCHTOOL_TEST_DATA_DIR) + "/report/" + name;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::size_t pipes(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
  return n;
}

// The rows of the Markdown table that follows `heading`.
std::vector<std::string> table_after(const std::vector<std::string>& lines,
                                     const std::string& heading) {
  std::vector<std::string> rows;
  std::size_t i = 0;
  while (i < lines.size() && !lines[i].starts_with(heading)) ++i;
  while (i < lines.size() && !lines[i].starts_with("|")) ++i;
  for (; i < lines.size() && lines[i].starts_with("|"); ++i)
    rows.push_back(lines[i]);
  return rows;
}

TEST(MarkdownReport, ChangesRegressionsFirstThenSummary) {
  ReportSources sources;
  sources.run = fixture("current.json");
  sources.baseline = fixture("baseline.json");
  const std::string md = render_markdown_report(build_report_input(sources));
  const auto lines = lines_of(md);
  EXPECT_EQ(lines[0], "## marketbench results — `d4e5f60`");
  EXPECT_NE(md.find("> ⚠️ The 1-minute load average was 3.40 on 2 CPUs"),
            std::string::npos);

  const auto changes = table_after(
      lines, "### Changes vs baseline `c3d4e5f` (median real_time)");
  ASSERT_GE(changes.size(), 4u);
  EXPECT_EQ(
      changes[0],
      "| verdict | benchmark | baseline | new | change | p-value | why |");
  EXPECT_TRUE(
      changes[2].starts_with("| ⚠ regressed | `BM_MlpInference/batch:1` |"))
      << changes[2];
  EXPECT_TRUE(changes[3].starts_with(
      "| ⚠ regressed | `BM_DailyPipeline/stocks:6000` |"))
      << changes[3];
  for (const auto& row : changes) EXPECT_EQ(pipes(row), 8u) << row;

  const auto summary = table_after(lines, "### Summary (42 benchmarks)");
  ASSERT_EQ(summary.size(), 2u + 42u);
  for (const auto& row : summary) EXPECT_EQ(pipes(row), 7u) << row;
  EXPECT_NE(md.find("| `BM_ModelLoad` | errored: cannot open model file "
                    "'/nonexistent/model.mbm' | - |"),
            std::string::npos);
  EXPECT_NE(md.find("| `BM_ModelRegistryGet/threads:1` | skipped: needs "
                    "jemalloc: built without it |"),
            std::string::npos);
  EXPECT_NE(md.find("samples_per_second 266k samples/s"), std::string::npos);
}

TEST(MarkdownReport, WithoutBaselineOnlyTheSummary) {
  ReportSources sources;
  sources.run = fixture("current.json");
  const std::string md = render_markdown_report(build_report_input(sources));
  EXPECT_EQ(md.find("### Changes"), std::string::npos);
  EXPECT_NE(md.find("### Summary (42 benchmarks)"), std::string::npos);
}

}  // namespace
}  // namespace benchtool
