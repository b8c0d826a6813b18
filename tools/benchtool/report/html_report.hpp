#pragma once
// The HTML report: one self-contained page (inline CSS and SVG, no network,
// no external URL) that opens from file://. A few lines of inline JavaScript
// sort the summary table; every chart is drawn without it.

#include <string>

#include "report/report_model.hpp"

namespace benchtool {

std::string render_html_report(const ReportInput& input);

}  // namespace benchtool
