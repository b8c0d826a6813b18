// benchtool export (docs/CI.md): the run for dashboards. `github` writes
// PATH-smaller.json and PATH-bigger.json (a trailing .json on PATH dropped).

#include <fmt/format.h>

#include <memory>

#include "commands/commands.hpp"
#include "io/output.hpp"
#include "io/results.hpp"
#include "report/report.hpp"

namespace benchtool {

void add_export_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string run, format, out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand(
      "export",
      "Export a run for dashboards: Bencher Metric Format (bmf) or "
      "github-action-benchmark custom JSON (github). Exit 0 written, 2 bad "
      "input");
  command->add_option("RUN", args->run, "Results file (Google Benchmark JSON)")
      ->required();
  command->add_option("--format", args->format, "bmf or github")
      ->required()
      ->check(CLI::IsMember({"bmf", "github"}));
  command
      ->add_option("--out", args->out,
                   "Output file (bmf), or prefix of PREFIX-smaller.json and "
                   "PREFIX-bigger.json (github)")
      ->required();
  command->callback([args, &exit_code] {
    const Results run = load_results(args->run);
    std::vector<std::string> skipped;
    if (args->format == "bmf") {
      ExportResult r = export_bmf(run);
      write_file_atomic(args->out, r.text);
      skipped = std::move(r.skipped);
      fmt::print("export: wrote {}\n", args->out);
    } else {
      std::string prefix = args->out;
      if (prefix.ends_with(".json")) prefix.resize(prefix.size() - 5);
      GithubExport r = export_github(run);
      write_file_atomic(prefix + "-smaller.json", r.smaller_is_better);
      write_file_atomic(prefix + "-bigger.json", r.bigger_is_better);
      skipped = std::move(r.skipped);
      fmt::print("export: wrote {0}-smaller.json and {0}-bigger.json\n",
                 prefix);
    }
    // Nothing is dropped silently: benchmarks without figures are named.
    for (const auto& s : skipped)
      fmt::print(stderr, "export: left out {}\n", s);
    exit_code = 0;
  });
}

}  // namespace benchtool
