// benchtool ab (placeholder until the A/B runner lands).
#include "commands.hpp"

namespace benchtool {
void add_ab_command(CLI::App&, int&) {}
}  // namespace benchtool
