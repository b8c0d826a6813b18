// benchtool: works on the JSON that Google Benchmark writes (compare, check,
// ab). Exit codes: 0 success, 1 a regression / a failed budget, 2 bad input or
// usage, 3 context mismatch under --strict-context. See docs/CI.md.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "commands/commands.hpp"
#include "commands/version.hpp"
#include "io/input_error.hpp"
#include "io/printable.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "benchtool: statistical comparison, budgets and an A/B gate for Google "
      "Benchmark JSON",
      "benchtool"};
  app.set_version_flag("--version", benchtool::version());
  app.require_subcommand(1);
  int exit_code = 0;
  for (const auto add :
       {benchtool::add_compare_command, benchtool::add_check_command,
        benchtool::add_ab_command, benchtool::add_calibrate_command,
        benchtool::add_report_command, benchtool::add_export_command})
    add(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "benchtool: {} (see benchtool --help)\n",
               benchtool::printable(e.what(), 300));
    return 2;
  } catch (const benchtool::InputError& e) {
    fmt::print(stderr, "benchtool: {}\n", benchtool::printable(e.what(), 400));
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "benchtool: internal error: {}\n",
               benchtool::printable(e.what(), 400));
    return 2;
  }
  return exit_code;
}
