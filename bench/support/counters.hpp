#pragma once

// Helpers that turn what a benchmark measured into Google Benchmark counters.
// Counter names follow docs/BENCHMARKS.md: snake_case with the unit in the
// name.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <mutex>
#include <string>

#include "marketbench/metrics/jemalloc_stats.hpp"
#include "marketbench/metrics/latency_histogram.hpp"

namespace marketbench::bench {

// Sets <prefix>p50_ns, <prefix>p95_ns, <prefix>p99_ns, <prefix>max_ns from a
// histogram (prefix defaults to "latency_").
void set_latency_counters(benchmark::State& state,
                          const metrics::LatencyHistogram& histogram,
                          const std::string& prefix = "latency_");

// Merges a per-thread value (anything with merge(const T&) and reset()) across
// all threads of a benchmark run; the last thread to finish calls publish() on
// the merged value and only that thread's state gets the counters (Google
// Benchmark sums counters over threads, so the others leave theirs unset).
// Resets itself after publishing, ready for the next run. Keep one instance per
// benchmark family (e.g. a function-local static).
//
// Every thread calls begin() before its timed loop and finish() after it. The
// merge completes when as many threads finished as began, not when
// state.threads() did: Google Benchmark 1.7.1's memory-manager pass runs a
// threaded benchmark on one thread while state.threads() still says N.
// (All threads begin before any finishes: the loop starts at a barrier.)
template <typename T>
class LastThreadMerge {
 public:
  void begin() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++begun_;
  }

  template <typename Publish>
  void finish(benchmark::State& state, const T& local, Publish&& publish) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (begun_ == 0) {
      state.SkipWithError("LastThreadMerge: finish() without begin()");
      return;
    }
    merged_.merge(local);
    if (++finished_ == begun_) {
      publish(merged_);
      merged_.reset();
      finished_ = 0;
      begun_ = 0;
    }
  }

 private:
  std::mutex mutex_;
  T merged_;
  int begun_ = 0;
  int finished_ = 0;
};

// The common case: latency percentiles merged over all threads.
using MergedLatency = LastThreadMerge<metrics::LatencyHistogram>;
inline void finish_latency(MergedLatency& merged, benchmark::State& state,
                           const metrics::LatencyHistogram& local) {
  merged.finish(state, local, [&](const metrics::LatencyHistogram& all) {
    set_latency_counters(state, all);
  });
}

// Bytes allocated by the calling thread between construction and publish(),
// from jemalloc's own per-thread counter. Construct it right before the timed
// loop and publish right after it.
class AllocationMeter {
 public:
  AllocationMeter();
  std::uint64_t allocated_bytes() const;
  std::int64_t net_bytes() const;
  // Sets counter_name = allocated bytes / per. Without jemalloc the counter is
  // left out and the label says why (never a made-up zero).
  void publish(benchmark::State& state, const char* counter_name,
               double per) const;

 private:
  bool available_;
  metrics::AllocationSnapshot start_{};
};

}  // namespace marketbench::bench
