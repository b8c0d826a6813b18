#pragma once
// The Markdown summary (`benchtool report --markdown`), for a pull-request
// comment or a CI step summary: the run's warnings, the changes against the
// baseline (regressions first) and every benchmark's median figures.

#include <string>

#include "report/report_model.hpp"

namespace benchtool {

std::string render_markdown_report(const ReportInput& input);

}  // namespace benchtool
