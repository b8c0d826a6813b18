// benchtool report RUN.json [--baseline BASE.json] [--history FILES...]
//   --html OUT [--markdown OUT] [--budgets FILE]: the self-contained HTML
// report and the Markdown summary (with the budget table when --budgets is
// given), --charts FILE the chart rules (bench/charts.json). Exit 0 written, 2
// bad input or usage. The report shows regressions but does not gate on them:
// `benchtool compare` is the gate.

#include <fmt/format.h>

#include <memory>

#include "commands/commands.hpp"
#include "commands/format.hpp"
#include "io/input_error.hpp"
#include "io/output.hpp"
#include "io/results.hpp"
#include "report/report.hpp"
#include "stats/budgets.hpp"

namespace benchtool {
namespace {

// The budget table for the Markdown summary, "" without a budgets file.
std::string budget_section(const std::string& budgets_path,
                           const std::string& run_path) {
  if (budgets_path.empty()) return {};
  const std::vector<BudgetRule> rules = load_budgets(budgets_path);
  const CheckResult result = check_budgets(load_results(run_path), rules);
  return "\n" + format_check_markdown(result, rules, run_path);
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string run, baseline, html, markdown, thresholds_file, budgets, charts;
    std::vector<std::string> history;
    std::string threshold = "5%";
    double alpha = 0.05;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand(
      "report",
      "Write a self-contained HTML report (charts, summary, changes, trends) "
      "and optionally a Markdown summary. Exit 0 written, 2 bad input");
  command->add_option("RUN", args->run, "Results file (Google Benchmark JSON)")
      ->required();
  command->add_option("--baseline", args->baseline,
                      "Compare against this results file");
  command->add_option("--history", args->history,
                      "Earlier results files for the trend charts (any order)");
  command
      ->add_option("--html", args->html,
                   "Write the HTML report here (atomically)")
      ->required();
  command->add_option("--markdown", args->markdown,
                      "Write the Markdown summary here (atomically)");
  command
      ->add_option("--threshold", args->threshold,
                   "Change that counts, as in compare")
      ->capture_default_str();
  command
      ->add_option("--alpha", args->alpha, "Significance level, as in compare")
      ->capture_default_str();
  command->add_option("--thresholds", args->thresholds_file,
                      "Per-benchmark thresholds file, as in compare");
  command->add_option("--budgets", args->budgets,
                      "Budgets file: the Markdown summary ends with the "
                      "check's table (the report does not gate on it)");
  command->add_option("--charts", args->charts,
                      "Chart rules file (JSON): axis labels, headline metrics, "
                      "percentiles and stages for this suite's charts");
  command->callback([args, &exit_code] {
    CompareCli cli;
    cli.threshold = args->threshold;
    cli.alpha = args->alpha;
    cli.thresholds_file = args->thresholds_file;
    ReportSources sources;
    sources.run = args->run;
    if (!args->baseline.empty()) sources.baseline = args->baseline;
    sources.history = args->history;
    sources.options = build_compare_options(cli);
    const std::string budgets_markdown =
        budget_section(args->budgets, args->run);
    ReportInput input = build_report_input(sources);
    if (!args->charts.empty()) input.charts = load_chart_rules(args->charts);
    write_file_atomic(args->html, render_html_report(input));
    if (!args->markdown.empty())
      write_file_atomic(args->markdown,
                        render_markdown_report(input) + budgets_markdown);
    fmt::print(
        "report: wrote {}{}\n", args->html,
        args->markdown.empty() ? "" : fmt::format(" and {}", args->markdown));
    exit_code = 0;
  });
}

}  // namespace benchtool
