#pragma once
// The three renderings of a Comparison: an aligned text table for terminals and
// logs, Markdown for pull-request comments and CI step summaries, and JSON for
// machines (schema in docs/CI.md).

#include <nlohmann/json.hpp>
#include <string>

#include "stats/compare.hpp"

namespace benchtool {

std::string format_comparison_text(const Comparison& comparison, bool color);
std::string format_comparison_markdown(const Comparison& comparison);
// `exit_code` is the one `benchtool compare` returns for it, recorded for CI
// scripts.
nlohmann::ordered_json comparison_to_json(const Comparison& comparison,
                                          int exit_code);
std::string format_comparison_json(const Comparison& comparison, int exit_code);

// The colour of a verdict in text tables (empty for unchanged).
std::string_view verdict_color(Verdict verdict);

}  // namespace benchtool
