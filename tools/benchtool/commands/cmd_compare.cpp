// benchtool compare BASE.json NEW.json: statistical verdicts per benchmark and
// metric.

#include <future>
#include <memory>

#include "commands/commands.hpp"
#include "commands/compare_cli.hpp"
#include "io/results.hpp"

namespace benchtool {

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
