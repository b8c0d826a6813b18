#include "report/chart_rules.hpp"

#include <fmt/format.h>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/printable.hpp"

namespace benchtool {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, std::string_view problem) {
  throw InputError(fmt::format("{}: {}", printable(path), problem));
}

std::string text(const std::string& path, const std::string& key,
                 const json& v) {
  if (!v.is_string())
    fail(path, fmt::format("{} is {}, expected a string", printable(key),
                           json_type_phrase(v)));
  return v.get<std::string>();
}

std::vector<std::string> texts(const std::string& path, const std::string& key,
                               const json& v) {
  if (!v.is_array())
    fail(path, fmt::format("{} is {}, expected an array of strings",
                           printable(key), json_type_phrase(v)));
  std::vector<std::string> out;
  for (const json& item : v) out.push_back(text(path, key + "[]", item));
  return out;
}

}  // namespace

ChartRules load_chart_rules(const std::string& path) {
  const json doc = read_json_file(path);
  if (!doc.is_object())
    fail(path, fmt::format("the top level is {}, expected an object",
                           json_type_phrase(doc)));
  ChartRules rules;
  for (const auto& [key, v] : doc.items()) {
    if (key == "axis_labels" && v.is_object()) {
      for (const auto& [arg, label] : v.items())
        rules.axis_labels[arg] = text(path, key + "." + arg, label);
    } else if (key == "headline") {
      rules.headline = texts(path, key, v);
    } else if (key == "headline_over_threads") {
      rules.headline_over_threads = texts(path, key, v);
    } else if (key == "per_unit_argument") {
      rules.per_unit_argument = text(path, key, v);
    } else if (key == "percentiles") {
      rules.percentiles = texts(path, key, v);
    } else if (key == "percentile_axis") {
      rules.percentile_axis = text(path, key, v);
    } else if (key == "stages") {
      rules.stages = texts(path, key, v);
    } else if (key == "stage_prefix") {
      rules.stage_prefix = text(path, key, v);
    } else if (!key.starts_with("_")) {
      fail(path, fmt::format("unknown key '{}' or wrong type (expected "
                             "axis_labels, headline, headline_over_threads, "
                             "per_unit_argument, percentiles, percentile_axis, "
                             "stages, stage_prefix)",
                             printable(key)));
    }
  }
  return rules;
}

}  // namespace benchtool
