#pragma once
// Chart descriptions and their SVG rendering. Every chart is a complete
// <svg> element with a title, labelled axes (the label carries the unit) and a
// legend, drawn without JavaScript; tooltips are SVG <title> elements.

#include <string>
#include <vector>

namespace benchtool {

struct ChartAxis {
  std::string label;  // with its unit, e.g. "batch size (samples)"
  bool log = false;
  bool include_zero = false;  // linear axes only
  std::vector<std::string>
      categories;  // x only: points sit at x = 0, 1, 2, ... labelled by these
};

struct ChartPoint {
  double x = 0;
  double y = 0;
  std::string tooltip;  // defaults to "label: x, y"
  bool flagged =
      false;  // drawn with a ring; explained by LineChart::flag_legend
};

struct ChartSeries {
  std::string label;
  std::vector<ChartPoint> points;
  bool dashed = false;  // fitted curves and references
  bool markers = true;
  int colour = -1;  // palette index; -1: the series' position (a fit takes its
                    // data's colour)
};

struct LineChart {
  std::string id;  // unique in the page; prefixes element ids
  std::string title;
  ChartAxis x;
  ChartAxis y;
  std::vector<ChartSeries> series;
  std::string flag_legend;  // legend text for flagged points, e.g. "regressed
                            // vs previous run"
  std::string note;         // one line under the title
};

struct StackLayer {
  std::string label;
  std::vector<double> values;  // one per category
};

struct StackedBarChart {
  std::string id;
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<std::string> categories;
  std::vector<StackLayer> layers;  // bottom to top
  std::string note;
};

struct ChangeBar {
  std::string label;
  double change = 0;  // relative, +0.1 = +10 %
  std::string verdict;
};

// Horizontal bars of relative changes, in the order given.
struct ChangeChart {
  std::string id;
  std::string title;
  std::string x_label;
  std::vector<ChangeBar> bars;
  std::string note;
};

// Each <svg> carries its axis domains as data-x-min/-max, data-y-min/-max and
// data-x-scale/data-y-scale ("log"|"linear"|"category"), and each drawn datum
// its value as data-x/data-y, so a reader (or a test) can check the axes hold
// the data without redoing the layout.
std::string render_svg(const LineChart& chart);
std::string render_svg(const StackedBarChart& chart);
std::string render_svg(const ChangeChart& chart);

}  // namespace benchtool
