#include "commands/compare_cli.hpp"

#include <fmt/format.h>

#include <cmath>

#include "commands/compare_format.hpp"
#include "io/input_error.hpp"
#include "io/output.hpp"
#include "io/printable.hpp"

namespace benchtool {

void add_compare_options(CLI::App& command, CompareCli& cli) {
  command
      .add_option("--metric", cli.metrics,
                  "Metric to compare: real_time (default), cpu_time or a "
                  "counter; repeat for several")
      ->allow_extra_args(false);
  command
      .add_option(
          "--threshold", cli.threshold,
          "Smallest relative change of the medians that counts, as 5% or 0.05")
      ->capture_default_str();
  command
      .add_option("--alpha", cli.alpha,
                  "Significance level of the Mann-Whitney U test")
      ->capture_default_str();
  command
      .add_option("--p-adjust", cli.p_adjust,
                  "Multiple-comparison adjustment of the p-values over all "
                  "benchmarks and metrics: none or holm (Holm-Bonferroni)")
      ->check(CLI::IsMember({"none", "holm"}))
      ->capture_default_str();
  command.add_option("--thresholds", cli.thresholds_file,
                     "JSON file of per-benchmark thresholds: {\"thresholds\": "
                     "[{\"benchmark\": REGEX, "
                     "\"threshold\": \"10%\"}]}");
  command
      .add_option("--direction", cli.directions,
                  "NAME=lower|higher: direction of a counter the naming "
                  "rule does not know; repeatable")
      ->allow_extra_args(false);
  command.add_flag("--strict-context", cli.strict_context,
                   "Exit 3 when num_cpus, mhz_per_cpu, build type, compiler or "
                   "flags differ");
  command.add_option("--format", cli.format, "Output format")
      ->check(CLI::IsMember({"text", "markdown", "json"}))
      ->capture_default_str();
  command.add_option(
      "-o,--output", cli.output,
      "Write the output to this file (atomically) instead of stdout");
  command.add_option("--color", cli.color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command
      .add_option("--fail-on", cli.fail_on,
                  "Verdict that makes the exit code 1 (default: regressed); "
                  "repeatable, e.g. --fail-on "
                  "regressed --fail-on errored")
      ->allow_extra_args(false);
}

CompareOptions build_compare_options(const CompareCli& cli) {
  CompareOptions options;
  if (!cli.metrics.empty()) options.metrics = cli.metrics;
  for (std::size_t i = 0; i < options.metrics.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (options.metrics[i] == options.metrics[j]) {
        throw InputError(fmt::format("--metric {} given twice",
                                     printable(options.metrics[i])));
      }
    }
  }
  options.threshold = parse_threshold(cli.threshold, "--threshold");
  if (!(cli.alpha > 0 && cli.alpha < 1)) {
    throw InputError(fmt::format("--alpha {} is outside (0, 1)", cli.alpha));
  }
  options.alpha = cli.alpha;
  options.holm = cli.p_adjust == "holm";
  if (!cli.thresholds_file.empty())
    options.thresholds = load_thresholds(cli.thresholds_file);
  for (const std::string& d : cli.directions) {
    const auto eq = d.rfind('=');
    const auto direction =
        eq == std::string::npos
            ? std::nullopt
            : parse_direction(std::string_view(d).substr(eq + 1));
    if (!direction || eq == 0) {
      throw InputError(
          fmt::format("--direction '{}': expected NAME=lower or NAME=higher",
                      printable(d)));
    }
    options.directions.emplace_back(d.substr(0, eq), *direction);
  }
  return options;
}

int report_comparison(const Comparison& comparison, const CompareCli& cli) {
  std::vector<Verdict> fail_on;
  for (const std::string& v : cli.fail_on) {
    const auto verdict = parse_verdict(v);
    if (!verdict) {
      throw InputError(
          fmt::format("--fail-on '{}': expected one of regressed, improved, "
                      "unchanged, inconclusive, "
                      "new, removed, errored",
                      printable(v)));
    }
    fail_on.push_back(*verdict);
  }
  if (fail_on.empty()) fail_on.push_back(Verdict::kRegressed);

  int exit_code = 0;
  for (const Verdict v : fail_on) {
    if (comparison.count(v) > 0) exit_code = 1;
  }
  if (cli.strict_context && !comparison.context_mismatches.empty())
    exit_code = 3;

  std::string body;
  if (cli.format == "json") {
    body = format_comparison_json(comparison, exit_code);
  } else if (cli.format == "markdown") {
    body = format_comparison_markdown(comparison);
  } else {
    body = format_comparison_text(comparison, use_color(cli.color, cli.output));
  }
  emit(cli.output, body);
  // The text table on a terminal already shows them; anywhere else they must
  // not go unseen.
  const bool shown =
      cli.format == "text" && (cli.output.empty() || cli.output == "-");
  if (!shown) {
    for (const ContextMismatch& m : comparison.context_mismatches) {
      fmt::print(stderr, "benchtool: warning: context differs: {}: {} -> {}\n",
                 m.key, printable(m.base_value), printable(m.new_value));
    }
  }
  if (exit_code == 3) {
    fmt::print(stderr,
               "benchtool: context mismatch under --strict-context (exit 3)\n");
  }
  return exit_code;
}

}  // namespace benchtool
