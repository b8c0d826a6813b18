#pragma once
// Results back to Google Benchmark's JSON layout, so merged runs (benchtool ab)
// can be read by benchtool itself, compare.py and dashboards. Non-finite values
// are written as the bare NaN / Infinity tokens Google Benchmark writes.

#include <string>

#include "io/results.hpp"

namespace benchtool {

// Pretty-printed, newline-terminated.
std::string results_to_json_text(const Results& results);

}  // namespace benchtool
