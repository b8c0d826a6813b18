#pragma once
// JSON inputs: small hand-written files (thresholds, budgets) read whole with
// errors as InputError, and Google Benchmark's JSON text for the results
// loader.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace benchtool {

// The text of a file; throws InputError naming the file when it cannot be read.
std::string read_text_file(const std::string& path);

// Parses a JSON file; throws InputError "<path>: not valid JSON at line L,
// column C: ...".
nlohmann::json read_json_file(const std::string& path);

// Google Benchmark JSON text: JSON, but for the bare tokens NaN, -NaN,
// Infinity and -Infinity, which Google Benchmark writes for non-finite doubles
// and which read as numbers here. Objects keep file order; a repeated key keeps
// its last value.
struct BenchmarkJson {
  nlohmann::ordered_json doc;
  // "not valid JSON at line L, column C: <why>" (the position in the text
  // given), or empty.
  std::string error;
  bool nonfinite_key = false;  // a bare token used as an object key
};
BenchmarkJson parse_benchmark_json(std::string_view text);

// The JSON type of `value` as a phrase for messages: "null", "a string", "an
// array", ...
template <class Json>
std::string json_type_phrase(const Json& value) {
  if (value.is_null()) return "null";
  const bool vowel = value.is_object() || value.is_array();
  return (vowel ? "an " : "a ") + std::string(value.type_name());
}

}  // namespace benchtool
