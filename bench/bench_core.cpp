// Benchmarks of the measurement primitives: Zipf sampling and histogram
// recording.

#include <benchmark/benchmark.h>

#include <cstdint>

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

}  // namespace
