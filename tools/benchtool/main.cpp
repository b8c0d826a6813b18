// Placeholder until the benchtool issue lands its subcommands.
#include <fmt/format.h>

int main() {
  fmt::print(stderr, "benchtool: no subcommands yet\n");
  return 2;
}
