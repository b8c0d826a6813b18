#pragma once
// The options `compare` and `ab` share: metrics, thresholds, directions, output
// and exit policy.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "stats/compare.hpp"

namespace benchtool {

struct CompareCli {
  std::vector<std::string> metrics;
  std::string threshold = "5%";
  double alpha = 0.05;
  std::string p_adjust = "none";  // "none" or "holm"; ab defaults to holm
  std::string thresholds_file;
  std::vector<std::string> directions;  // "name=lower|higher"
  bool strict_context = false;
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  std::vector<std::string>
      fail_on;  // verdicts that make the exit code 1; default regressed
};

void add_compare_options(CLI::App& command, CompareCli& cli);

// Validates the option values; throws InputError naming the bad one.
CompareOptions build_compare_options(const CompareCli& cli);

// Prints (or writes) the comparison in the chosen format and returns the exit
// code: 3 context mismatch under --strict-context, else 1 if any --fail-on
// verdict occurred, else 0.
int report_comparison(const Comparison& comparison, const CompareCli& cli);

}  // namespace benchtool
