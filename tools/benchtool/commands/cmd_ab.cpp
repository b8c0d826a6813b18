// benchtool ab --base OLD --new NEW [--rounds R] [--repetitions N] [--
// benchmark flags]: interleaved A/B runs, merged per side, compared like
// `benchtool compare`. benchtool calibrate BINARY [--rounds R]
// [--write-thresholds FILE] [-- benchmark flags]: A/A runs of one binary,
// interleaved as `ab` runs them; per benchmark the noise the gate sees and the
// thresholds it can resolve.

#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "commands/commands.hpp"
#include "commands/format.hpp"
#include "io/input_error.hpp"
#include "io/metric.hpp"
#include "io/output.hpp"
#include "io/printable.hpp"
#include "io/results_writer.hpp"
#include "io/table.hpp"
#include "stats/ab.hpp"

namespace benchtool {
namespace {

// "90s", "2m", "1.5m" or "90" (seconds) -> seconds.
double parse_budget(const std::string& text) {
  std::string_view number = text;
  const double scale = number.ends_with('m') ? 60 : 1;
  if (number.ends_with('s') || number.ends_with('m')) number.remove_suffix(1);
  const auto value = parse_number(number);
  if (!value || !(*value > 0)) {
    throw InputError(fmt::format(
        "--budget '{}' is not a duration (write 90s or 2m)", printable(text)));
  }
  return *value * scale;
}

// Runs the rounds (progress on stderr) and writes the merged sides under these
// paths, atomically.
AbOutcome run_and_write(const AbOptions& options, const std::string& base_out,
                        const std::string& new_out) {
  AbOutcome out = run_ab(options, [](const std::string& line) {
    fmt::print(stderr, "{}\n", line);
  });
  out.base.path = base_out;
  out.next.path = new_out;
  write_file_atomic(base_out, results_to_json_text(out.base));
  write_file_atomic(new_out, results_to_json_text(out.next));
  return out;
}

std::string calibration_table(const std::vector<Calibration>& rows,
                              const CalibrateOptions& options) {
  Table t;
  const std::string mde = fmt::format("MDE at {} rounds", options.gate_rounds);
  t.headers = {"Benchmark",     "Runs",       "Median", "Between-run cv",
               "Within-run cv", "Multimodal", mde,      "Threshold"};
  t.align = {Align::kLeft,  Align::kRight, Align::kRight, Align::kRight,
             Align::kRight, Align::kLeft,  Align::kRight, Align::kRight};
  for (const Calibration& c : rows) {
    t.rows.push_back(plain_cells(
        {c.name, fmt::format("{}", c.runs),
         format_metric_value(options.metric, c.median),
         percent_or_dash(c.between_cv), percent_or_dash(c.within_cv),
         c.multimodal ? "yes" : "no", percent_or_dash(c.mde),
         fmt::format("{:.0f}%", c.threshold * 100)}));
  }
  return render_text(t, false);
}

}  // namespace

void add_ab_command(CLI::App& app, int& exit_code) {
  struct Args {
    AbOptions ab;
    std::string base_out, new_out, budget;
    CompareCli cli;
  };
  auto args = std::make_shared<Args>();
  // A gate over ~100 benchmarks must not fire by chance: ab controls the
  // family-wise error rate by default.
  args->cli.p_adjust = "holm";
  CLI::App* command = app.add_subcommand(
      "ab",
      "Run two benchmark binaries alternately (A B B A ...), merge each side's "
      "runs (keeping which run each repetition came from) and compare one "
      "value per run; the recommended CI gate. Exit codes as for compare");
  command
      ->add_option("--base", args->ab.base_binary, "Baseline benchmark binary")
      ->required();
  command
      ->add_option("--new", args->ab.new_binary, "Candidate benchmark binary")
      ->required();
  CLI::Option* rounds = add_defaulted(*command, "--rounds", args->ab.rounds,
                                      "Rounds; each runs both binaries once");
  command
      ->add_option("--budget", args->budget,
                   "Wall-time budget, e.g. 90s or 2m: the first round's "
                   "duration sets the number of rounds (at least 6)")
      ->excludes(rounds);
  add_defaulted(*command, "--repetitions", args->ab.repetitions,
                "--benchmark_repetitions of every run");
  add_defaulted(*command, "--out-dir", args->ab.work_dir,
                "Directory of the merged results (and of temporary run files)");
  command->add_option("--base-out", args->base_out,
                      "Merged base results (default OUT_DIR/base.json)");
  command->add_option("--new-out", args->new_out,
                      "Merged new results (default OUT_DIR/new.json)");
  command->add_flag("--show-output", args->ab.show_output,
                    "Show the benchmark binaries' console output (on stderr)");
  add_compare_options(*command, args->cli);
  command->add_option("benchmark_flags", args->ab.benchmark_flags,
                      "Flags for both binaries, after --, e.g. -- "
                      "--benchmark_filter=BM_Zipf (--benchmark_min_time "
                      "defaults to 0.02)");
  command->callback([args, &exit_code] {
    const CompareOptions options =
        build_compare_options(args->cli);  // bad options fail before any run
    if (!args->budget.empty())
      args->ab.budget_seconds = parse_budget(args->budget);
    const std::filesystem::path dir(args->ab.work_dir);
    const std::string base_out =
        args->base_out.empty() ? (dir / "base.json").string() : args->base_out;
    const std::string new_out =
        args->new_out.empty() ? (dir / "new.json").string() : args->new_out;
    const AbOutcome out = run_and_write(args->ab, base_out, new_out);
    fmt::print(stderr, "ab: wrote {} and {}\n", base_out, new_out);
    exit_code =
        report_comparison(compare(out.base, out.next, options), args->cli);
  });
}

void add_calibrate_command(CLI::App& app, int& exit_code) {
  struct Args {
    AbOptions ab;
    CalibrateOptions calibrate;
    std::string write_thresholds, min_threshold = "5%";
  };
  auto args = std::make_shared<Args>();
  args->ab.rounds = 6;
  args->ab.repetitions = 2;
  args->ab.work_dir = "results/calibrate";
  CLI::App* command = app.add_subcommand(
      "calibrate",
      "Run one benchmark binary A/A, interleaved as ab does, and report per "
      "benchmark the between-run and within-run cv, multimodal runs and the "
      "minimal detectable effect of an ab gate; optionally write a thresholds "
      "file. Exit 0, or 2 on bad input");
  command->add_option("BINARY", args->ab.base_binary, "Benchmark binary")
      ->required();
  add_defaulted(*command, "--rounds", args->ab.rounds,
                "A/A rounds; each runs the binary twice");
  add_defaulted(*command, "--repetitions", args->ab.repetitions,
                "--benchmark_repetitions of every run (2 or more gives the "
                "within-run cv)");
  add_defaulted(*command, "--gate-rounds", args->calibrate.gate_rounds,
                "Rounds of the ab gate the MDE and thresholds are for");
  add_defaulted(*command, "--min-threshold", args->min_threshold,
                "Smallest threshold written");
  add_defaulted(*command, "--metric", args->calibrate.metric, "Metric");
  command->add_option("--write-thresholds", args->write_thresholds,
                      "Write a thresholds file (the format --thresholds "
                      "reads) here, atomically");
  add_defaulted(*command, "--out-dir", args->ab.work_dir,
                "Directory of the merged A/A results (calibrate-a.json, "
                "calibrate-b.json)");
  command->add_option("benchmark_flags", args->ab.benchmark_flags,
                      "Flags for the binary, after -- (--benchmark_min_time "
                      "defaults to 0.02, as in ab)");
  command->callback([args, &exit_code] {
    args->calibrate.min_threshold =
        parse_threshold(args->min_threshold, "--min-threshold");
    args->ab.new_binary = args->ab.base_binary;
    const std::filesystem::path dir(args->ab.work_dir);
    const AbOutcome out =
        run_and_write(args->ab, (dir / "calibrate-a.json").string(),
                      (dir / "calibrate-b.json").string());
    const std::vector<Calibration> rows =
        calibrate(out.base, out.next, args->calibrate);
    fmt::print("{}", calibration_table(rows, args->calibrate));
    if (!args->write_thresholds.empty()) {
      write_file_atomic(args->write_thresholds,
                        thresholds_json(rows, args->calibrate));
      fmt::print(stderr, "calibrate: wrote {}\n", args->write_thresholds);
    }
    exit_code = 0;
  });
}

}  // namespace benchtool
