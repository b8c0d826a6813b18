#pragma once
// Results back to Google Benchmark's JSON layout, so merged runs (benchtool ab)
// can be read by benchtool itself, compare.py and dashboards. Non-finite values
// are written as the bare NaN / Infinity tokens Google Benchmark writes.

#include <nlohmann/json.hpp>
#include <string>

#include "io/results.hpp"

namespace benchtool {

nlohmann::ordered_json context_to_json(const Context& context);
nlohmann::ordered_json row_to_json(const Row& row);
nlohmann::ordered_json results_to_json(const Results& results);

// Pretty-printed JSON text of results_to_json(), newline-terminated.
std::string results_to_json_text(const Results& results);

}  // namespace benchtool
