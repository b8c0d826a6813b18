// The SVG renderers: well-formed XML, every datum inside its axis, title,
// axis labels and legend present, text escaped.

#include <gtest/gtest.h>

#include "report/chart.hpp"
#include "svg_check.hpp"

namespace benchtool {
namespace {

using testing::data_points;
using testing::root_attr;
using testing::root_number;
using testing::xml_error;

LineChart sample_line_chart(bool log_x) {
  LineChart c;
  c.id = "chart-test";
  c.title = "Throughput <vs> batch & \"size\"";
  c.x = {"batch size (samples)", log_x, false, {}};
  c.y = {"throughput (samples/s)", false, true, {}};
  c.series.push_back({"keys: 100",
                      {{1, 250e3, "", false},
                       {10, 950e3, "", false},
                       {256, 1.6e6, "", true}}});
  c.series.push_back({"fit O(N)",
                      {{1, 300e3, "", false}, {256, 1.5e6, "", false}},
                      true,
                      false});
  c.flag_legend = "regressed vs previous run";
  return c;
}

void expect_data_inside_axes(const std::string& svg) {
  const double x_lo = root_number(svg, "data-x-min"),
               x_hi = root_number(svg, "data-x-max");
  const double y_lo = root_number(svg, "data-y-min"),
               y_hi = root_number(svg, "data-y-max");
  const auto points = data_points(svg);
  ASSERT_FALSE(points.empty());
  for (const auto& p : points) {
    EXPECT_GE(p.x, x_lo);
    EXPECT_LE(p.x, x_hi);
    EXPECT_GE(p.y, y_lo);
    EXPECT_LE(p.y, y_hi);
  }
}

TEST(XmlCheck, CatchesMalformedMarkup) {
  EXPECT_EQ(xml_error(R"(<svg a="1"><g><text>x &amp; y</text></g></svg>)"), "");
  EXPECT_NE(xml_error("<svg><g></svg>"), "");
  EXPECT_NE(xml_error("<svg><g></g>"), "");
  EXPECT_NE(xml_error(R"(<svg a=1></svg>)"), "");
  EXPECT_NE(xml_error(R"(<svg a="1" a="2"></svg>)"), "");
  EXPECT_NE(xml_error("<svg>a & b</svg>"), "");
  EXPECT_NE(xml_error(R"(<svg t="<"></svg>)"), "");
  EXPECT_NE(xml_error("<svg></svg><svg></svg>"), "");
}

TEST(SvgCheckHelpers, CanFail) {
  EXPECT_TRUE(testing::has_label_with_unit(
      "<svg><text x=\"1\">time (ms), log scale</text></svg>"));
  EXPECT_FALSE(
      testing::has_label_with_unit("<svg><text x=\"1\">time</text></svg>"));
  EXPECT_TRUE(
      testing::always_followed_by(R"(a href="#x" url(#y))", "href=\"", '#'));
  EXPECT_FALSE(testing::always_followed_by(R"(a href="#x" b href="http://e")",
                                           "href=\"", '#'));
  const auto points = data_points(
      R"(<g data-x="2.5" data-y="-1"/><g data-x="3" data-y="1e+06"/>)");
  ASSERT_EQ(points.size(), 2u);
  EXPECT_DOUBLE_EQ(points[0].x, 2.5);
  EXPECT_DOUBLE_EQ(points[1].y, 1e6);
}

TEST(LineChartSvg, WellFormedWithTitleAxesAndLegend) {
  const std::string svg = render_svg(sample_line_chart(true));
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(root_attr(svg, "id"), "chart-test");
  EXPECT_NE(svg.find("<title id=\"chart-test-title\">Throughput &lt;vs&gt; "
                     "batch &amp; &quot;size&quot;</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("batch size (samples)"), std::string::npos);
  EXPECT_NE(svg.find("throughput (samples/s)"), std::string::npos);
  EXPECT_NE(svg.find(R"(<g class="legend">)"), std::string::npos);
  EXPECT_NE(svg.find("keys: 100"), std::string::npos);
  EXPECT_NE(svg.find("regressed vs previous run"), std::string::npos);
  EXPECT_NE(svg.find(R"(class="flag")"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"),
            std::string::npos);  // the fit is dashed
}

TEST(LineChartSvg, AxesHoldTheData) {
  for (bool log_x : {false, true}) {
    const std::string svg = render_svg(sample_line_chart(log_x));
    EXPECT_EQ(root_attr(svg, "data-x-scale"), log_x ? "log" : "linear");
    EXPECT_EQ(root_attr(svg, "data-y-scale"), "linear");
    expect_data_inside_axes(svg);
  }
}

TEST(LineChartSvg, LogAxisDropsNonPositivePoints) {
  LineChart c = sample_line_chart(true);
  c.series[0].points.push_back({0, 5, "", false});
  const std::string svg = render_svg(c);
  EXPECT_EQ(xml_error(svg), "");
  for (const auto& p : data_points(svg)) EXPECT_GT(p.x, 0);
}

TEST(LineChartSvg, NoFlagLegendWithoutFlaggedPoints) {
  LineChart c = sample_line_chart(false);
  c.series[0].points[2].flagged = false;
  const std::string svg = render_svg(c);
  EXPECT_EQ(svg.find("regressed vs previous run"), std::string::npos);
}

TEST(LineChartSvg, CategoricalAxisLabelsEachRun) {
  LineChart c;
  c.id = "chart-history";
  c.title = "trend";
  c.x.label = "run (date UTC, git sha)";
  c.x.categories = {"2026-11-20 09:15\na1b2c3d", "2026-11-23 10:30\nb2c3d4e"};
  c.y = {"median real time (us)", false, true, {}};
  c.series.push_back({"batch:1", {{0, 3.0, "", false}, {1, 3.6, "", true}}});
  c.flag_legend = "regressed vs previous run";
  const std::string svg = render_svg(c);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(root_attr(svg, "data-x-scale"), "category");
  EXPECT_NE(svg.find("a1b2c3d"), std::string::npos);
  EXPECT_NE(svg.find("2026-11-23 10:30"), std::string::npos);
  expect_data_inside_axes(svg);
}

TEST(StackedBarSvg, StacksLayersAndLabelsTotals) {
  StackedBarChart c;
  c.id = "chart-stages";
  c.title = "stages";
  c.x_label = "stocks (count)";
  c.y_label = "time per iteration (ms)";
  c.categories = {"1000", "2000"};
  c.layers = {{"fetch", {30, 60}}, {"persist", {35, 70}}, {"cache", {8, 16}}};
  const std::string svg = render_svg(c);
  EXPECT_EQ(xml_error(svg), "");
  expect_data_inside_axes(svg);
  EXPECT_NE(svg.find(">146<"), std::string::npos);  // total of the second bar
  // Legend lists the top layer first, as the stack reads.
  const auto legend = svg.find(R"(<g class="legend">)");
  ASSERT_NE(legend, std::string::npos);
  EXPECT_LT(svg.find(">cache<", legend), svg.find(">fetch<", legend));
}

TEST(ChangeChartSvg, VerdictsByColourSymbolAndWord) {
  ChangeChart c;
  c.id = "chart-changes";
  c.title = "changes";
  c.x_label = "change of the median real_time vs the baseline (%)";
  c.bars = {{"BM_A", 0.26, "regressed"},
            {"BM_B", 0.01, "unchanged"},
            {"BM_C", -0.2, "improved"}};
  const std::string svg = render_svg(c);
  EXPECT_EQ(xml_error(svg), "");
  expect_data_inside_axes(svg);
  EXPECT_NE(svg.find("regressed +26.0 %"), std::string::npos);
  EXPECT_NE(svg.find("improved -20.0 %"), std::string::npos);
  EXPECT_NE(svg.find("url(#chart-changes-hatch)"),
            std::string::npos);  // texture, not just colour
  EXPECT_NE(svg.find(R"(id="chart-changes-hatch")"), std::string::npos);
}

TEST(Svg, EscapeAndTruncate) {
  EXPECT_EQ(svg::escape(R"(<a & 'b' "c">)"),
            "&lt;a &amp; &#39;b&#39; &quot;c&quot;&gt;");
  EXPECT_EQ(svg::truncate("abcdef", 4), "abc\u2026");
  EXPECT_EQ(svg::truncate("abc", 4), "abc");
  // Never cuts a UTF-8 sequence in half: "µ" is two bytes.
  EXPECT_EQ(svg::truncate("a\u00B5bcd", 3), "a\u2026");
}

}  // namespace
}  // namespace benchtool
