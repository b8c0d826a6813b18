// benchtool check RESULTS.json --budgets FILE [--tier NAME]: budgets on
// medians, absolute or relative to another benchmark of the run.

#include <memory>

#include "commands/check_format.hpp"
#include "commands/commands.hpp"
#include "io/output.hpp"
#include "io/results.hpp"
#include "stats/budgets.hpp"

namespace benchtool {

void add_check_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string results, budgets, format = "text", output, color = "auto", tier;
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
  command->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "markdown", "json"}))
      ->capture_default_str();
  command->add_option(
      "-o,--output", args->output,
      "Write the output to this file (atomically) instead of stdout");
  command->add_option("--tier", args->tier,
                      "Check only the rules of this tier (e.g. original)");
  command->add_option("--color", args->color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->callback([args, &exit_code] {
    const std::vector<BudgetRule> rules = load_budgets(args->budgets);
    const Results results = load_results(args->results);
    CheckResult result = check_budgets(results, rules);
    if (!args->tier.empty()) result = only_tier(result, rules, args->tier);
    std::string body;
    if (args->format == "json") {
      body = format_check_json(result, rules, results.path);
    } else if (args->format == "markdown") {
      body = format_check_markdown(result, rules, results.path);
    } else {
      body = format_check_text(result, rules, results.path,
                               use_color(args->color, args->output));
    }
    emit(args->output, body);
    exit_code = result.failed > 0 ? 1 : 0;
  });
}

}  // namespace benchtool
