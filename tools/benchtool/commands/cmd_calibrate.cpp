// benchtool calibrate BINARY [--rounds R] [--write-thresholds FILE] [--
// benchmark flags]: A/A runs of one binary, interleaved as `ab` runs them; per
// benchmark the noise the gate sees and the thresholds it can resolve.

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <utility>

#include "commands/commands.hpp"
#include "io/metric.hpp"
#include "io/output.hpp"
#include "io/results_writer.hpp"
#include "io/table.hpp"
#include "stats/ab.hpp"
#include "stats/calibrate.hpp"
#include "stats/thresholds.hpp"

namespace benchtool {
namespace {

std::string percent_or_dash(const std::optional<double>& v) {
  if (!v) return "-";
  return std::isfinite(*v) ? fmt::format("{:.1f}%", *v * 100) : "inf";
}

std::string calibration_table(const std::vector<Calibration>& rows,
                              const CalibrateOptions& options) {
  Table t;
  t.headers = {"Benchmark",
               "Runs",
               "Median",
               "Between-run cv",
               "Within-run cv",
               "Multimodal",
               fmt::format("MDE at {} rounds", options.gate_rounds),
               "Threshold"};
  t.align = {Align::kLeft,  Align::kRight, Align::kRight, Align::kRight,
             Align::kRight, Align::kLeft,  Align::kRight, Align::kRight};
  for (const Calibration& c : rows) {
    t.rows.push_back({{c.name, {}},
                      {fmt::format("{}", c.runs), {}},
                      {format_metric_value(options.metric, c.median), {}},
                      {percent_or_dash(c.between_cv), {}},
                      {percent_or_dash(c.within_cv), {}},
                      {c.multimodal ? "yes" : "no", {}},
                      {percent_or_dash(c.mde), {}},
                      {fmt::format("{:.0f}%", c.threshold * 100), {}}});
  }
  return render_text(t, false);
}

}  // namespace

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
  command
      ->add_option("--rounds", args->ab.rounds,
                   "A/A rounds; each runs the binary twice")
      ->capture_default_str();
  command
      ->add_option("--repetitions", args->ab.repetitions,
                   "--benchmark_repetitions of every run (2 or more gives the "
                   "within-run cv)")
      ->capture_default_str();
  command
      ->add_option("--gate-rounds", args->calibrate.gate_rounds,
                   "Rounds of the ab gate the MDE and thresholds are for")
      ->capture_default_str();
  command
      ->add_option("--min-threshold", args->min_threshold,
                   "Smallest threshold written")
      ->capture_default_str();
  command->add_option("--metric", args->calibrate.metric, "Metric")
      ->capture_default_str();
  command->add_option("--write-thresholds", args->write_thresholds,
                      "Write a thresholds file (the format --thresholds "
                      "reads) here, atomically");
  command
      ->add_option("--out-dir", args->ab.work_dir,
                   "Directory of the merged A/A results (calibrate-a.json, "
                   "calibrate-b.json)")
      ->capture_default_str();
  command->add_option("benchmark_flags", args->ab.benchmark_flags,
                      "Flags for the binary, after --");
  command->callback([args, &exit_code] {
    args->calibrate.min_threshold =
        parse_threshold(args->min_threshold, "--min-threshold");
    args->ab.new_binary = args->ab.base_binary;
    const AbOutcome out = run_ab(args->ab, [](const std::string& line) {
      fmt::print(stderr, "{}\n", line);
    });
    const std::filesystem::path dir(args->ab.work_dir);
    for (const auto& [results, file] :
         {std::pair{&out.base, "calibrate-a.json"},
          std::pair{&out.next, "calibrate-b.json"}}) {
      write_file_atomic((dir / file).string(), results_to_json_text(*results));
    }
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
