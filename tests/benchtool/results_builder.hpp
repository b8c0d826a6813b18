#pragma once
// Builds Google Benchmark JSON text for tests, so each test states its samples
// in one line.

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "io/results.hpp"

namespace benchtool::testing {

struct Bench {
  std::string name;
  std::vector<double> real_time;  // one value per repetition
  std::map<std::string, std::vector<double>>
      counters{};           // same length as real_time
  std::string error{};      // non-empty: the first repetition errored
  std::vector<int> runs{};  // benchtool_run of each repetition, if given
};

inline std::string results_json(const std::vector<Bench>& benches,
                                int num_cpus = 2,
                                const std::string& compiler = "GNU 12.2.0") {
  std::string rows;
  for (const Bench& b : benches) {
    for (std::size_t i = 0; i < b.real_time.size(); ++i) {
      std::string row = fmt::format(
          R"({{"name": "{0}", "run_name": "{0}", "run_type": "iteration", "repetitions": {1}, )"
          R"("repetition_index": {2}, "threads": 1, "iterations": 100, "real_time": {3}, "cpu_time": {3}, )"
          R"("time_unit": "ns")",
          b.name, b.real_time.size(), i, b.real_time[i]);
      if (!b.runs.empty())
        row += fmt::format(R"(, "benchtool_run": {})", b.runs.at(i));
      for (const auto& [counter, values] : b.counters)
        row += fmt::format(R"(, "{}": {})", counter, values.at(i));
      if (!b.error.empty() && i == 0)
        row += fmt::format(R"(, "error_occurred": true, "error_message": "{}")",
                           b.error);
      rows += (rows.empty() ? "" : ",\n") + row + "}";
    }
  }
  return fmt::format(
      R"({{"context": {{"num_cpus": {}, "mhz_per_cpu": 2596, "compiler": "{}", "build_type": "Release"}},)"
      "\n"
      R"("benchmarks": [{}]}})",
      num_cpus, compiler, rows);
}

inline Results results(const std::vector<Bench>& benches,
                       const std::string& label = "test.json") {
  return parse_results(results_json(benches), label);
}

// n values around `center`, spread +-1%, in a fixed order.
inline std::vector<double> around(double center, int n = 9) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i)
    v.push_back(center *
                (1 + 0.01 * ((i * 7 % n) - n / 2) / (n / 2 > 0 ? n / 2 : 1)));
  return v;
}

}  // namespace benchtool::testing
