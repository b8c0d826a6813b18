// benchtool check RESULTS.json --budgets FILE (placeholder until budgets land).
#include "commands.hpp"

namespace benchtool {
void add_check_command(CLI::App&, int&) {}
}  // namespace benchtool
