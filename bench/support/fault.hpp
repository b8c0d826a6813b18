#pragma once

// Test-only fault injection for the quality counters (docs/MODEL_QUALITY.md):
// `marketbench --mb_fault=NAME` makes BM_ModelQuality run a deliberately
// broken model path, so a test can show that `benchtool check` fails on a
// quality budget while the speed counters stay where they were. Never set in
// `make bench`; recorded in the JSON context as "fault".

#include <optional>
#include <string_view>

namespace marketbench::bench {

enum class Fault {
  kNone,
  // Feature columns 0 and 2 (ret_1d and ret_5d) swapped, as a wrong feature
  // index in the extractor would.
  kSwapFeature,
  // The BUY output's sums off by 1e-3 (a kernel that returns slightly wrong
  // sums): the probabilities move by up to ~2.5e-4, the ranking hardly.
  kKernelOffset,
};

std::optional<Fault> parse_fault(std::string_view name);
std::string_view fault_name(Fault fault);

// The fault of this run (kNone unless main() set one).
Fault active_fault();
void set_active_fault(Fault fault);

}  // namespace marketbench::bench
