// benchtool ab --base OLD --new NEW [--rounds R] [--repetitions N] [--
// benchmark flags]: interleaved A/B runs, merged per side, compared like
// `benchtool compare`.

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>

#include "commands/commands.hpp"
#include "commands/compare_cli.hpp"
#include "io/input_error.hpp"
#include "io/output.hpp"
#include "io/printable.hpp"
#include "io/results_writer.hpp"
#include "stats/ab.hpp"

namespace benchtool {
namespace {

// "90s", "2m", "1.5m" or "90" (seconds) -> seconds.
double parse_budget(const std::string& text) {
  std::string_view number = text;
  double scale = 1;
  if (number.ends_with('s')) {
    number.remove_suffix(1);
  } else if (number.ends_with('m')) {
    number.remove_suffix(1);
    scale = 60;
  }
  double value = 0;
  const auto [end, ec] =
      std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() ||
      end != number.data() + number.size() || !(value > 0) ||
      !std::isfinite(value)) {
    throw InputError(fmt::format(
        "--budget '{}' is not a duration (write 90s or 2m)", printable(text)));
  }
  return value * scale;
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
  CLI::Option* rounds = command
                            ->add_option("--rounds", args->ab.rounds,
                                         "Rounds; each runs both binaries once")
                            ->capture_default_str();
  command
      ->add_option("--budget", args->budget,
                   "Wall-time budget, e.g. 90s or 2m: the first round's "
                   "duration sets the number of rounds (at least 6)")
      ->excludes(rounds);
  command
      ->add_option("--repetitions", args->ab.repetitions,
                   "--benchmark_repetitions of every run")
      ->capture_default_str();
  command
      ->add_option(
          "--out-dir", args->ab.work_dir,
          "Directory of the merged results (and of temporary run files)")
      ->capture_default_str();
  command->add_option("--base-out", args->base_out,
                      "Merged base results (default OUT_DIR/base.json)");
  command->add_option("--new-out", args->new_out,
                      "Merged new results (default OUT_DIR/new.json)");
  command->add_flag("--show-output", args->ab.show_output,
                    "Show the benchmark binaries' console output (on stderr)");
  add_compare_options(*command, args->cli);
  command->add_option("benchmark_flags", args->ab.benchmark_flags,
                      "Flags for both binaries, after --, e.g. -- "
                      "--benchmark_filter=BM_Zipf --benchmark_min_time=0.05");
  command->callback([args, &exit_code] {
    const CompareOptions options =
        build_compare_options(args->cli);  // bad options fail before any run
    if (!args->budget.empty())
      args->ab.budget_seconds = parse_budget(args->budget);
    const AbOutcome outcome = run_ab(args->ab, [](const std::string& line) {
      fmt::print(stderr, "{}\n", line);
    });
    const std::filesystem::path dir(args->ab.work_dir);
    const std::string base_out =
        args->base_out.empty() ? (dir / "base.json").string() : args->base_out;
    const std::string new_out =
        args->new_out.empty() ? (dir / "new.json").string() : args->new_out;
    Results base = outcome.base;
    Results next = outcome.next;
    base.path = base_out;
    next.path = new_out;
    write_file_atomic(base_out, results_to_json_text(base));
    write_file_atomic(new_out, results_to_json_text(next));
    fmt::print(stderr, "ab: wrote {} and {}\n", base_out, new_out);
    exit_code = report_comparison(compare(base, next, options), args->cli);
  });
}

}  // namespace benchtool
