#include "support/counters.hpp"

#include <optional>

namespace marketbench::bench {

namespace {
const metrics::ThreadAllocations* thread_allocations() {
  if (!metrics::jemalloc_available()) return nullptr;
  thread_local const metrics::ThreadAllocations allocations;
  return &allocations;
}
}  // namespace

void set_latency_counters(benchmark::State& state,
                          const metrics::LatencyHistogram& histogram,
                          const std::string& prefix) {
  state.counters[prefix + "p50_ns"] =
      static_cast<double>(histogram.percentile(0.50));
  state.counters[prefix + "p95_ns"] =
      static_cast<double>(histogram.percentile(0.95));
  state.counters[prefix + "p99_ns"] =
      static_cast<double>(histogram.percentile(0.99));
  state.counters[prefix + "max_ns"] = static_cast<double>(histogram.max());
}

AllocationMeter::AllocationMeter()
    : available_(thread_allocations() != nullptr) {
  if (available_) start_ = thread_allocations()->snapshot();
}

std::uint64_t AllocationMeter::allocated_bytes() const {
  return available_ ? thread_allocations()->since(start_).allocated : 0;
}

std::int64_t AllocationMeter::net_bytes() const {
  return available_ ? thread_allocations()->since(start_).net() : 0;
}

void AllocationMeter::publish(benchmark::State& state, const char* counter_name,
                              double per) const {
  if (!available_) {
    state.SetLabel(metrics::jemalloc_unavailable_reason());
    return;
  }
  state.counters[counter_name] =
      per > 0 ? static_cast<double>(allocated_bytes()) / per : 0.0;
}

}  // namespace marketbench::bench
