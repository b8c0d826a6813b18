#pragma once
// Small hand-written JSON inputs (thresholds, budgets): read whole, errors as
// InputError.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace benchtool {

// The text of a file; throws InputError naming the file when it cannot be read.
std::string read_text_file(const std::string& path);

// Parses a JSON file; throws InputError "<path>: not valid JSON at line L,
// column C: ...".
nlohmann::json read_json_file(const std::string& path);

// The JSON type of `value` as a phrase for messages: "a string", "an array",
// ...
std::string_view json_type_phrase(const nlohmann::json& value);

}  // namespace benchtool
