// benchtool check RESULTS.json --budgets FILE [--tier NAME]: budgets on
// medians, absolute or relative to another benchmark of the run.

#include <memory>

#include "commands/commands.hpp"
#include "commands/format.hpp"
#include "io/results.hpp"
#include "stats/budgets.hpp"

namespace benchtool {

void add_check_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string results, budgets, tier;
    OutputOptions out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command =
      app.add_subcommand("check",
                         "Check the median of each budgeted metric against its "
                         "limit. Exit 0 all pass, 1 any fails (including "
                         "a rule that matched nothing), 2 bad input");
  command
      ->add_option("RESULTS", args->results,
                   "Results file (Google Benchmark JSON)")
      ->required();
  command
      ->add_option("--budgets", args->budgets,
                   "Budgets file, e.g. bench/budgets.json")
      ->required();
  command->add_option("--tier", args->tier,
                      "Check only the rules of this tier (e.g. original)");
  add_output_options(*command, args->out);
  command->callback([args, &exit_code] {
    const std::vector<BudgetRule> rules = load_budgets(args->budgets);
    const Results results = load_results(args->results);
    CheckResult result = check_budgets(results, rules);
    if (!args->tier.empty()) result = only_tier(result, rules, args->tier);
    const std::string& path = results.path;
    emit_output(
        args->out,
        [&](bool color) {
          return format_check_text(result, rules, path, color);
        },
        [&] { return format_check_markdown(result, rules, path); },
        [&] { return format_check_json(result, rules, path); });
    exit_code = result.failed > 0 ? 1 : 0;
  });
}

}  // namespace benchtool
