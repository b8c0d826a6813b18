#pragma once
// Per-benchmark regression thresholds: a file of benchmark-name regexes, each
// with its own threshold, for benchmarks noisier (or steadier) than the global
// --threshold.
//
//   {"thresholds": [
//     {"benchmark": "^BM_DailyPipeline/", "threshold": "15%", "note":
//     "disk-bound"},
//     {"benchmark": "^BM_CacheCluster/", "metric": "hit_rate", "threshold":
//     0.02}
//   ]}
//
// The first rule whose regex is found in the name (std::regex_search,
// ECMAScript) and whose metric (if given) matches wins.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/name_pattern.hpp"

namespace benchtool {

struct ThresholdRule {
  NamePattern pattern;
  std::string metric;  // empty: every metric
  double threshold = 0.05;
  std::string note;
};

// "5%" -> 0.05 and "0.05" -> 0.05 (a bare number is a fraction). Throws
// InputError naming `what` and the text for anything else, or for a negative or
// non-finite value.
double parse_threshold(std::string_view text, std::string_view what);

// Throws InputError naming the file and the rule for bad JSON, unknown keys,
// bad regexes.
std::vector<ThresholdRule> load_thresholds(const std::string& path);

// The threshold of the first matching rule, or nullopt.
std::optional<double> find_threshold(const std::vector<ThresholdRule>& rules,
                                     const std::string& name,
                                     std::string_view metric);

}  // namespace benchtool
