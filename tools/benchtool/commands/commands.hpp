#pragma once
// The subcommands (cmd_<name>.cpp; calibrate in cmd_ab.cpp): each registers
// itself on `app` and its callback stores its exit code in `exit_code`. Bad
// input is thrown as InputError (main prints it as one line and exits 2).

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "stats/compare.hpp"

namespace benchtool {

void add_compare_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_ab_command(CLI::App& app, int& exit_code);
void add_calibrate_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);

// An option whose --help shows its default value.
template <class T>
CLI::Option* add_defaulted(CLI::App& command, const std::string& name, T& value,
                           const std::string& help) {
  return command.add_option(name, value, help)->capture_default_str();
}

// --format text|markdown|json, -o/--output FILE and --color auto|always|never;
// emit_output writes render(--format, colour: text to a colour terminal) to
// stdout or the --output file.
struct OutputOptions {
  std::string format = "text";
  std::string output;
  std::string color = "auto";
};
void add_output_options(CLI::App& command, OutputOptions& out);
void emit_output(const OutputOptions& out,
                 const std::function<std::string(std::string_view format,
                                                 bool color)>& render);

// The options `compare`, `ab` (and `report`, in part) share.
struct CompareCli {
  std::vector<std::string> metrics;
  std::string threshold = "5%";
  double alpha = 0.05;
  std::string p_adjust = "none";  // "none" or "holm"; ab defaults to holm
  std::string thresholds_file;
  std::vector<std::string> directions;  // "name=lower|higher"
  bool strict_context = false;
  OutputOptions out;
  std::vector<std::string> fail_on;  // verdicts that exit 1; default regressed
};
void add_compare_options(CLI::App& command, CompareCli& cli);
// Throws InputError naming a bad option value.
CompareOptions build_compare_options(const CompareCli& cli);

// Prints (or writes) the comparison in the chosen format and returns the exit
// code: 3 context mismatch under --strict-context, else 1 if any --fail-on
// verdict occurred, else 0.
int report_comparison(const Comparison& comparison, const CompareCli& cli);

}  // namespace benchtool
