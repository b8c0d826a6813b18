#pragma once
// The parts of a Google Benchmark run name: "BM_X/keys:100/capacity_pct:5",
// "BM_Y/models:5/real_time/threads:2", "BM_Z/64". Charts are derived from
// these parts, so new families chart without code changes.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace benchtool {

struct BenchmarkName {
  std::string family;  // the part before the first '/'
  // "name:value" components in order (threads included); unnamed arguments
  // are named by position: "arg1", "arg2", ...
  std::vector<std::pair<std::string, std::string>> args;
  std::vector<std::string> flags;  // real_time, process_time, manual_time, ...
};

BenchmarkName parse_benchmark_name(std::string_view run_name);

// The argument's value when it is a finite number.
std::optional<double> numeric_arg(const BenchmarkName& name,
                                  std::string_view key);
std::optional<std::string> arg_value(const BenchmarkName& name,
                                     std::string_view key);

}  // namespace benchtool
