#pragma once
// One function per subcommand, each in its own cmd_<name>.cpp. Each registers
// its subcommand on `app`; the subcommand's callback runs it and stores its
// exit code in `exit_code`. Bad input is thrown as InputError (main prints it
// as one line and exits 2).

#include <CLI/CLI.hpp>

namespace benchtool {

void add_compare_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_ab_command(CLI::App& app, int& exit_code);
void add_calibrate_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);

}  // namespace benchtool
