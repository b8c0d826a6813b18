// benchtool compare BASE.json NEW.json: statistical verdicts per benchmark and
// metric; and the options and output it shares with ab, check and report.

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <memory>

#include "commands/commands.hpp"
#include "commands/format.hpp"
#include "io/input_error.hpp"
#include "io/output.hpp"
#include "io/printable.hpp"
#include "io/results.hpp"

namespace benchtool {

void add_output_options(CLI::App& command, OutputOptions& out) {
  add_defaulted(command, "--format", out.format, "Output format")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  command.add_option(
      "-o,--output", out.output,
      "Write the output to this file (atomically) instead of stdout");
  add_defaulted(command, "--color", out.color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

void emit_output(const OutputOptions& out,
                 const std::function<std::string(std::string_view format,
                                                 bool color)>& render) {
  emit(out.output, render(out.format, out.format == "text" &&
                                          use_color(out.color, out.output)));
}

void add_compare_options(CLI::App& command, CompareCli& cli) {
  command
      .add_option("--metric", cli.metrics,
                  "Metric to compare: real_time (default), cpu_time or a "
                  "counter; repeat for several")
      ->allow_extra_args(false);
  add_defaulted(
      command, "--threshold", cli.threshold,
      "Smallest relative change of the medians that counts, as 5% or 0.05");
  add_defaulted(command, "--alpha", cli.alpha,
                "Significance level of the Mann-Whitney U test");
  add_defaulted(command, "--p-adjust", cli.p_adjust,
                "Multiple-comparison adjustment of the p-values over all "
                "benchmarks and metrics: none or holm (Holm-Bonferroni)")
      ->check(CLI::IsMember({"none", "holm"}));
  command.add_option("--thresholds", cli.thresholds_file,
                     "JSON file of per-benchmark thresholds: {\"thresholds\": "
                     "[{\"benchmark\": REGEX, \"threshold\": \"10%\"}]}");
  command
      .add_option("--direction", cli.directions,
                  "NAME=lower|higher: direction of a counter the naming "
                  "rule does not know; repeatable")
      ->allow_extra_args(false);
  command.add_flag("--strict-context", cli.strict_context,
                   "Exit 3 when num_cpus, mhz_per_cpu, build type, compiler or "
                   "flags differ");
  add_output_options(command, cli.out);
  command
      .add_option("--fail-on", cli.fail_on,
                  "Verdict that makes the exit code 1 (default: regressed); "
                  "repeatable, e.g. --fail-on regressed --fail-on errored")
      ->allow_extra_args(false);
}

CompareOptions build_compare_options(const CompareCli& cli) {
  CompareOptions options;
  if (!cli.metrics.empty()) options.metrics = cli.metrics;
  for (auto it = options.metrics.begin(); it != options.metrics.end(); ++it) {
    if (std::find(options.metrics.begin(), it, *it) != it)
      throw InputError(fmt::format("--metric {} given twice", printable(*it)));
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
  int exit_code =
      cli.fail_on.empty() && comparison.count(Verdict::kRegressed) > 0 ? 1 : 0;
  for (const std::string& v : cli.fail_on) {
    const auto verdict = parse_verdict(v);
    if (!verdict) {
      throw InputError(
          fmt::format("--fail-on '{}': expected one of regressed, improved, "
                      "unchanged, inconclusive, new, removed, errored",
                      printable(v)));
    }
    if (comparison.count(*verdict) > 0) exit_code = 1;
  }
  if (cli.strict_context && !comparison.context_mismatches.empty())
    exit_code = 3;
  emit_output(cli.out, [&](std::string_view format, bool color) {
    return format == "json" ? format_comparison_json(comparison, exit_code)
           : format == "markdown" ? format_comparison_markdown(comparison)
                                  : format_comparison_text(comparison, color);
  });
  // The text table on a terminal already shows them; anywhere else they must
  // not go unseen.
  if (cli.out.format != "text" || !is_stdout(cli.out.output)) {
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

void add_compare_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string base, next;
    CompareCli cli;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command =
      app.add_subcommand("compare",
                         "Compare two results files: per benchmark and metric "
                         "a verdict (regressed, improved, unchanged, "
                         "inconclusive, new, removed, errored). Exit 0 no "
                         "regression, 1 regression, 2 bad input, 3 context "
                         "mismatch under --strict-context");
  command
      ->add_option("BASE", args->base,
                   "Results of the baseline (Google Benchmark JSON)")
      ->required();
  command->add_option("NEW", args->next, "Results of the candidate")
      ->required();
  add_compare_options(*command, args->cli);
  command->callback([args, &exit_code] {
    const CompareOptions options = build_compare_options(args->cli);
    // Two big files load in about half the time on two cores.
    auto next_loaded = std::async(std::launch::async, [&path = args->next] {
      return load_results(path);
    });
    const Results base = load_results(args->base);
    const Results next = next_loaded.get();
    exit_code = report_comparison(compare(base, next, options), args->cli);
  });
}

}  // namespace benchtool
