#include "stats/thresholds.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/printable.hpp"

namespace benchtool {

double parse_threshold(std::string_view text, std::string_view what) {
  std::string_view number = text;
  const bool percent = number.ends_with('%');
  if (percent) number.remove_suffix(1);
  double value = 0;
  const auto [end, ec] =
      std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() ||
      end != number.data() + number.size() || !std::isfinite(value) ||
      value < 0) {
    throw InputError(
        fmt::format("{}: '{}' is not a threshold (write 5% or 0.05)", what,
                    printable(text)));
  }
  return percent ? value / 100 : value;
}

std::vector<ThresholdRule> load_thresholds(const std::string& path) {
  const nlohmann::json doc = read_json_file(path);
  const std::string file = printable(path);
  if (!doc.is_object())
    throw InputError(fmt::format("{}: is {}, expected an object", file,
                                 json_type_phrase(doc)));
  for (const auto& [key, value] : doc.items()) {
    if (key != "thresholds" && key != "description") {
      throw InputError(
          fmt::format("{}: unknown key '{}' (expected \"thresholds\")", file,
                      printable(key)));
    }
  }
  const auto it = doc.find("thresholds");
  if (it == doc.end() || !it->is_array())
    throw InputError(fmt::format("{}: no \"thresholds\" array", file));
  std::vector<ThresholdRule> rules;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& entry = (*it)[i];
    const std::string where = fmt::format("{}: thresholds[{}]", file, i);
    if (!entry.is_object()) {
      throw InputError(fmt::format("{} is {}, expected an object", where,
                                   json_type_phrase(entry)));
    }
    ThresholdRule rule;
    std::string pattern;
    bool have_pattern = false, have_threshold = false;
    for (const auto& [key, value] : entry.items()) {
      if (key == "benchmark" || key == "metric" || key == "note") {
        if (!value.is_string()) {
          throw InputError(fmt::format("{}.{} is {}, expected a string", where,
                                       key, json_type_phrase(value)));
        }
        const std::string& s = value.get_ref<const std::string&>();
        if (key == "benchmark") {
          pattern = s;
          have_pattern = true;
        } else {
          (key == "metric" ? rule.metric : rule.note) = s;
        }
      } else if (key == "threshold") {
        if (value.is_string()) {
          rule.threshold = parse_threshold(value.get_ref<const std::string&>(),
                                           where + ".threshold");
        } else if (value.is_number()) {
          rule.threshold = value.get<double>();
          if (!std::isfinite(rule.threshold) || rule.threshold < 0) {
            throw InputError(
                fmt::format("{}.threshold is {}, expected a fraction >= 0",
                            where, value.dump()));
          }
        } else {
          throw InputError(
              fmt::format("{}.threshold is {}, expected \"5%\" or 0.05", where,
                          json_type_phrase(value)));
        }
        have_threshold = true;
      } else {
        throw InputError(
            fmt::format("{}: unknown key '{}' (expected benchmark, metric, "
                        "threshold, note)",
                        where, printable(key)));
      }
    }
    if (!have_pattern)
      throw InputError(fmt::format("{}: no \"benchmark\" regex", where));
    if (!have_threshold)
      throw InputError(fmt::format("{}: no \"threshold\"", where));
    rule.pattern = NamePattern::compile(pattern, where + ".benchmark");
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::optional<double> find_threshold(const std::vector<ThresholdRule>& rules,
                                     const std::string& name,
                                     std::string_view metric) {
  for (const ThresholdRule& rule : rules) {
    if (!rule.metric.empty() && rule.metric != metric) continue;
    if (rule.pattern.found_in(name)) return rule.threshold;
  }
  return std::nullopt;
}

}  // namespace benchtool
