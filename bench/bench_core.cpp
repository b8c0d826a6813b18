// Benchmarks of the measurement primitives: Zipf sampling and histogram
// recording; and the machine's cross-core cache-line handoff, the reference
// for every threads:2 / threads:1 scaling figure of the suite.

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "marketbench/cache/detail/shard_lock.hpp"
#include "marketbench/core/random.hpp"
#include "marketbench/core/zipf.hpp"
#include "marketbench/metrics/latency_histogram.hpp"

namespace {

using marketbench::core::Xoshiro256StarStar;
using marketbench::core::ZipfSampler;

// Argument: s in per-mille (990 -> s = 0.99, 1000 -> s = 1.0), over 1e6 keys.
void BM_ZipfSample(benchmark::State& state) {
  const double s = static_cast<double>(state.range(0)) / 1000.0;
  ZipfSampler sampler(1'000'000, s, 42);
  Xoshiro256StarStar rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(sampler.sample(rng));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ZipfSample)->ArgName("s_permille")->Arg(990)->Arg(1000);

void BM_LatencyHistogramRecord(benchmark::State& state) {
  marketbench::metrics::LatencyHistogram histogram;
  Xoshiro256StarStar rng(2);
  // Pre-drawn values spanning 1 ns .. ~1 ms, cycled, so the loop times record()
  // alone.
  std::uint64_t values[1024];
  for (auto& v : values) v = 1 + rng.uniform_below(1'000'000);
  std::size_t i = 0;
  for (auto _ : state) {
    histogram.record(values[i++ & 1023]);
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(histogram.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LatencyHistogramRecord);

// Two threads pass a token back and forth through one cache line: thread 0
// moves it when the counter is even, thread 1 when it is odd, so every move
// waits for the line to come over from the other core. One iteration = one
// round trip (each thread's move and the wait for the other's). What a write
// to a line the other core reads costs; on a VM it depends on where the host
// placed the two vCPUs, which can change from one second to the next.
void BM_CoreToCoreLatency(benchmark::State& state) {
  struct alignas(64) Line {
    std::atomic<std::uint64_t> counter{0};
  };
  static Line line;
  const auto me = static_cast<std::uint64_t>(state.thread_index());
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    // Each thread makes exactly one move per iteration and both run the same
    // iteration count, so a run ends on the parity it started with.
    std::uint64_t value = 0;
    auto waiting_since = std::chrono::steady_clock::time_point{};
    for (int spins = 0;
         ((value = line.counter.load(std::memory_order_acquire)) & 1) != me;) {
      if (++spins < 1000) {
        marketbench::cache::cpu_relax();
        continue;
      }
      spins = 0;
      std::this_thread::yield();  // one core: let the other thread move
      // Google Benchmark 1.7.1 runs a benchmark once more on one thread when
      // a memory manager is registered (runs with one repetition): nobody
      // moves then, and that run's results are discarded.
      const auto now = std::chrono::steady_clock::now();
      if (waiting_since == std::chrono::steady_clock::time_point{}) {
        waiting_since = now;
      } else if (now - waiting_since > std::chrono::seconds(1)) {
        state.SkipWithError(
            "BM_CoreToCoreLatency: the other thread made no move for 1 s");
        return;
      }
    }
    line.counter.store(value + 1, std::memory_order_release);
  }
  const std::chrono::duration<double, std::nano> elapsed =
      std::chrono::steady_clock::now() - start;
  benchmark::DoNotOptimize(line.counter.load(std::memory_order_relaxed));
  // Two handoffs per round trip.
  state.counters["transfer_ns"] = benchmark::Counter(
      elapsed.count() / (2.0 * static_cast<double>(state.iterations())),
      benchmark::Counter::kAvgThreads);
}
BENCHMARK(BM_CoreToCoreLatency)->Threads(2)->UseRealTime();

}  // namespace
