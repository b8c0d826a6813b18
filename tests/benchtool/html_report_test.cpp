// The HTML report built from the fixture runs: sections, charts, well-formed
// SVG whose axes hold the data, log axes where the rule says, no external URL,
// errored and skipped rows, and the run-context warnings.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "report/report.hpp"
#include "svg_check.hpp"

namespace benchtool {
namespace {

using testing::data_points;
using testing::extract_svgs;
using testing::root_attr;
using testing::root_number;
using testing::svg_by_id;
using testing::xml_error;

std::string fixture(const std::string& name) {
  return std::string(BENCHTOOL_TEST_DATA_DIR) + "/report/" + name;
}

const std::string& full_report() {
  static const std::string html = [] {
    ReportSources sources;
    sources.run = fixture("current.json");
    sources.baseline = fixture("baseline.json");
    sources.history = {fixture("hist_1.json"), fixture("hist_2.json"),
                       fixture("baseline.json")};
    ReportInput input = build_report_input(sources);
    input.charts = load_chart_rules(std::string(BENCHTOOL_TEST_DATA_DIR) +
                                    "/../../../bench/charts.json");
    return render_html_report(input);
  }();
  return html;
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

TEST(HtmlReport, EverySection) {
  const std::string& html = full_report();
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  for (const char* id :
       {"context", "changes", "scaling", "pipeline", "history", "summary"}) {
    EXPECT_TRUE(contains(html, fmt::format(R"(<section id="{}">)", id))) << id;
  }
}

TEST(HtmlReport, EveryExpectedChart) {
  const std::string& html = full_report();
  for (const char* id :
       {"chart-BM_MlpInference-headline", "chart-BM_FeatureExtraction-per-unit",
        "chart-BM_DailyPipeline-per-unit",
        "chart-BM_InferenceCacheHitRate-headline",
        "chart-BM_RecommendationsUnderLoad-headline",
        "chart-BM_RecommendationsUnderLoad-latency",
        "chart-BM_PlatformMixedLoad-headline",
        "chart-BM_PlatformMixedLoad-latency", "chart-BM_DailyPipeline-stages",
        "chart-changes", "chart-history-BM_MlpInference-1",
        "chart-history-BM_DailyPipeline-1"}) {
    EXPECT_FALSE(svg_by_id(html, id).empty()) << id;
  }
}

TEST(HtmlReport, EverySvgIsWellFormedWithTitleAxisLabelsAndLegend) {
  const auto svgs = extract_svgs(full_report());
  ASSERT_GE(svgs.size(), 20u);
  for (const auto& svg : svgs) {
    const std::string id = root_attr(svg, "id").value_or("?");
    EXPECT_EQ(xml_error(svg), "") << id;
    EXPECT_TRUE(contains(svg, "<title id=\"" + id + "-title\">")) << id;
    EXPECT_TRUE(contains(svg, R"(<g class="legend">)")) << id;
    // Axis labels carry a unit in parentheses.
    EXPECT_TRUE(testing::has_label_with_unit(svg)) << id;
  }
}

TEST(HtmlReport, AxisRangesContainTheData) {
  for (const auto& svg : extract_svgs(full_report())) {
    const std::string id = root_attr(svg, "id").value_or("?");
    const double x_lo = root_number(svg, "data-x-min"),
                 x_hi = root_number(svg, "data-x-max");
    const double y_lo = root_number(svg, "data-y-min"),
                 y_hi = root_number(svg, "data-y-max");
    ASSERT_LT(x_lo, x_hi) << id;
    ASSERT_LT(y_lo, y_hi) << id;
    const auto points = data_points(svg);
    EXPECT_FALSE(points.empty()) << id;
    for (const auto& p : points) {
      EXPECT_TRUE(p.x >= x_lo && p.x <= x_hi)
          << id << " x " << p.x << " outside " << x_lo << ".." << x_hi;
      EXPECT_TRUE(p.y >= y_lo && p.y <= y_hi)
          << id << " y " << p.y << " outside " << y_lo << ".." << y_hi;
    }
  }
}

TEST(HtmlReport, LogAxesWhereTheArgumentSpansMoreThan10x) {
  const std::string& html = full_report();
  auto x_scale = [&](const std::string& id) {
    return root_attr(svg_by_id(html, id), "data-x-scale");
  };
  EXPECT_EQ(x_scale("chart-BM_MlpInference-headline"), "log");  // batch 1..256
  EXPECT_EQ(x_scale("chart-BM_FeatureExtraction-per-unit"),
            "log");  // stocks 100..6000
  EXPECT_EQ(x_scale("chart-BM_RecommendationsUnderLoad-headline"),
            "log");  // threads 1..100
  EXPECT_EQ(x_scale("chart-BM_DailyPipeline-per-unit"),
            "linear");  // stocks 1000..6000
  EXPECT_EQ(x_scale("chart-BM_InferenceCacheHitRate-headline"),
            "linear");  // capacity 5..50
  EXPECT_EQ(x_scale("chart-history-BM_MlpInference-1"), "category");
  EXPECT_EQ(
      root_attr(svg_by_id(html, "chart-BM_InferenceCacheHitRate-headline"),
                "data-y-scale"),
      "linear");
  EXPECT_EQ(
      root_attr(svg_by_id(html, "chart-BM_RecommendationsUnderLoad-latency"),
                "data-y-scale"),
      "log");
}

TEST(HtmlReport, NoExternalUrlAnywhere) {
  const std::string& html = full_report();
  std::size_t urls = 0;
  for (auto at = html.find("http"); at != std::string::npos;
       at = html.find("http", at + 1)) {
    if (html.compare(at, 7, "http://") != 0 &&
        html.compare(at, 8, "https://") != 0)
      continue;
    ++urls;
    // The only one allowed is the SVG namespace name, which is never fetched.
    EXPECT_EQ(html.compare(at - 7, 34, "xmlns=\"http://www.w3.org/2000/svg\""),
              0)
        << html.substr(at, 60);
  }
  EXPECT_GT(urls, 0u);
  EXPECT_FALSE(contains(html, "src="));
  EXPECT_FALSE(contains(html, "@import"));
  EXPECT_FALSE(contains(html, "<link"));
  EXPECT_TRUE(testing::always_followed_by(html, "href=\"", '#'));
  EXPECT_TRUE(testing::always_followed_by(html, "url(", '#'));
  EXPECT_FALSE(contains(html, "//cdn"));
}

TEST(HtmlReport, SummaryTableHasEveryBenchmarkIncludingErroredAndSkipped) {
  const std::string& html = full_report();
  const auto table =
      html.find(R"(<table class="sortable" id="summary-table">)");
  ASSERT_NE(table, std::string::npos);
  const std::string rows =
      html.substr(table, html.find("</table>", table) - table);
  std::size_t n = 0;
  for (auto at = rows.find("<tr class="); at != std::string::npos;
       at = rows.find("<tr class=", at + 1))
    ++n;
  EXPECT_EQ(n, 42u);  // every benchmark of current.json
  EXPECT_TRUE(contains(
      rows, R"(<tr class="errored"><td class="name">BM_ModelLoad</td>)"));
  EXPECT_TRUE(contains(
      rows, "cannot open model file &#39;/nonexistent/model.mbm&#39;"));
  EXPECT_TRUE(contains(
      rows,
      R"(<tr class="skipped"><td class="name">BM_ModelRegistryGet/<wbr>threads:1</td>)"));
  EXPECT_TRUE(contains(rows, "needs jemalloc: built without it"));
  // With a baseline: change and verdict, in words as well as colour.
  EXPECT_TRUE(contains(rows, "<th>verdict</th>"));
  EXPECT_TRUE(contains(rows, "\u26A0 regressed</span>"));
  EXPECT_TRUE(contains(rows, "+26.1%"));
}

TEST(HtmlReport, ContextAndWarnings) {
  const std::string& html = full_report();
  EXPECT_TRUE(contains(html, "<dt>machine</dt><dd>2 CPUs @ 2596 MHz</dd>"));
  EXPECT_TRUE(contains(html, "<dt>git sha</dt><dd>d4e5f60</dd>"));
  EXPECT_TRUE(contains(html, "<dt>compiler</dt><dd>GNU 12.2.0</dd>"));
  EXPECT_TRUE(contains(html, "L1d 32.0 KiB"));
  EXPECT_TRUE(contains(html, "Debian&#39;s build of libbenchmark"));
  EXPECT_TRUE(contains(html, "load average was 3.40 on 2 CPUs"));
  EXPECT_TRUE(contains(html, "fewer than 9"));
  EXPECT_TRUE(
      contains(html, "1 benchmark(s) reported an error: BM_ModelLoad."));
}

TEST(HtmlReport, WithoutBaselineOrHistoryThoseSectionsAreAbsent) {
  ReportSources sources;
  sources.run = fixture("current.json");
  const std::string html = render_html_report(build_report_input(sources));
  EXPECT_FALSE(contains(html, R"(<section id="changes">)"));
  EXPECT_FALSE(contains(html, R"(<section id="history">)"));
  EXPECT_FALSE(contains(html, "fewer than 9"));  // no comparison needs them
  EXPECT_TRUE(contains(html, R"(<section id="scaling">)"));
  for (const auto& svg : extract_svgs(html)) EXPECT_EQ(xml_error(svg), "");
}

TEST(HtmlReport, WarnsAboutScalingAndDebugBuilds) {
  ReportSources sources;
  sources.run = fixture("current.json");
  ReportInput input = build_report_input(sources);
  input.current.context.cpu_scaling_enabled = true;
  for (auto& [k, v] : input.current.context.custom) {
    if (k == "build_type") v = "Debug";
  }
  const std::string html = render_html_report(input);
  EXPECT_TRUE(contains(html, "CPU frequency scaling was enabled"));
  EXPECT_TRUE(contains(html, "marketbench was built as &quot;Debug&quot;"));
}

}  // namespace
}  // namespace benchtool
