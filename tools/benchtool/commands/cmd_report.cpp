// benchtool report (docs/CI.md): the HTML report and the Markdown summary.
// The report shows regressions but does not gate on them: `compare` does.

#include <fmt/format.h>

#include <memory>

#include "commands/commands.hpp"
#include "commands/format.hpp"
#include "io/output.hpp"
#include "io/results.hpp"
#include "report/report.hpp"
#include "stats/budgets.hpp"

namespace benchtool {

void add_report_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string run, baseline, html, markdown, budgets, charts;
    std::vector<std::string> history;
    CompareCli cli;  // --threshold, --alpha and --thresholds, as in compare
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
  add_defaulted(*command, "--threshold", args->cli.threshold,
                "Change that counts, as in compare");
  add_defaulted(*command, "--alpha", args->cli.alpha,
                "Significance level, as in compare");
  command->add_option("--thresholds", args->cli.thresholds_file,
                      "Per-benchmark thresholds file, as in compare");
  command->add_option("--budgets", args->budgets,
                      "Budgets file: the Markdown summary ends with the "
                      "check's table (the report does not gate on it)");
  command->add_option("--charts", args->charts,
                      "Chart rules file (JSON): axis labels, headline metrics, "
                      "percentiles and stages for this suite's charts");
  command->callback([args, &exit_code] {
    ReportSources sources{args->run, std::nullopt, args->history,
                          build_compare_options(args->cli)};
    if (!args->baseline.empty()) sources.baseline = args->baseline;
    // The budgets file is read (and checked) before the runs.
    std::vector<BudgetRule> budgets;
    if (!args->budgets.empty()) budgets = load_budgets(args->budgets);
    ReportInput input = build_report_input(sources);
    if (!args->charts.empty()) input.charts = load_chart_rules(args->charts);
    write_file_atomic(args->html, render_html_report(input));
    if (!args->markdown.empty()) {
      std::string markdown = render_markdown_report(input);
      // The Markdown summary ends with the budget table.
      if (!args->budgets.empty()) {
        markdown +=
            "\n" + format_check_markdown(check_budgets(input.current, budgets),
                                         budgets, args->run);
      }
      write_file_atomic(args->markdown, markdown);
    }
    fmt::print(
        "report: wrote {}{}\n", args->html,
        args->markdown.empty() ? "" : fmt::format(" and {}", args->markdown));
    exit_code = 0;
  });
}

}  // namespace benchtool
