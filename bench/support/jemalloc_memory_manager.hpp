#pragma once

#include <benchmark/benchmark.h>

#include "marketbench/metrics/jemalloc_stats.hpp"

namespace marketbench::bench {

// Google Benchmark MemoryManager backed by jemalloc's counters of the thread
// that runs the memory-measurement pass: total bytes allocated, net heap
// growth and peak (thread.peak). jemalloc does not count allocations, so
// num_allocs is left at 0 and not reported as a figure.
//
// main() registers it only with a single repetition: Google Benchmark 1.7.1
// reports garbage memory fields for the first of several repetitions (fixed in
// 1.9.2). Figures that gate anything are custom counters measured inside the
// benchmark (bytes_per_inference, bytes_per_op, ...).
class JemallocMemoryManager : public benchmark::MemoryManager {
 public:
  void Start() override;
  void Stop(Result& result) override;
  void Stop(Result* result) override;

 private:
  metrics::AllocationSnapshot start_{};
};

}  // namespace marketbench::bench
