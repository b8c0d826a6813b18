#include "support/fault.hpp"

#include <atomic>

namespace marketbench::bench {

namespace {
std::atomic<Fault> g_fault{Fault::kNone};
}  // namespace

std::optional<Fault> parse_fault(std::string_view name) {
  if (name == "none") return Fault::kNone;
  if (name == "swap_feature") return Fault::kSwapFeature;
  if (name == "kernel_offset") return Fault::kKernelOffset;
  return std::nullopt;
}

std::string_view fault_name(Fault fault) {
  switch (fault) {
    case Fault::kSwapFeature:
      return "swap_feature";
    case Fault::kKernelOffset:
      return "kernel_offset";
    case Fault::kNone:
      break;
  }
  return "none";
}

Fault active_fault() { return g_fault.load(std::memory_order_relaxed); }
void set_active_fault(Fault fault) {
  g_fault.store(fault, std::memory_order_relaxed);
}

}  // namespace marketbench::bench
