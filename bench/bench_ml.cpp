// Benchmarks of the ML path: FMA peak, MLP inference, model files, registry.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

#include "marketbench/core/random.hpp"
#include "marketbench/metrics/latency_histogram.hpp"
#include "marketbench/ml/mlp.hpp"
#include "support/counters.hpp"

namespace {

namespace ml = marketbench::ml;
using marketbench::core::Xoshiro256StarStar;
using marketbench::metrics::LatencyHistogram;
using Clock = std::chrono::steady_clock;

std::uint64_t elapsed_ns(Clock::time_point start, Clock::time_point end) {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
}

// ---------------------------------------------------------------------------
// BM_FmaPeak: independent FMA chains at the widest vector width the build
// targets. Each chain is x = x * a + b; enough chains cover latency x ports.

#if defined(__AVX512F__)
struct FmaIsa {
  using Vec = __m512;
  static constexpr int kLanes = 16;
  static constexpr int kChains = 16;
  static constexpr int kFlopsPerOp = 2;
  static constexpr const char* kName = "avx512 fma, 16 chains";
  static Vec set1(float v) { return _mm512_set1_ps(v); }
  static Vec step(Vec x, Vec a, Vec b) { return _mm512_fmadd_ps(x, a, b); }
  static float sum(Vec v) {
    // Not _mm512_reduce_add_ps: GCC 12 flags its undefined temporaries as uninitialized.
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, v);
    float s = 0;
    for (float f : lanes) s += f;
    return s;
  }
};
#elif defined(__AVX2__) && defined(__FMA__)
struct FmaIsa {
  using Vec = __m256;
  static constexpr int kLanes = 8;
  static constexpr int kChains = 12;
  static constexpr int kFlopsPerOp = 2;
  static constexpr const char* kName = "avx2 fma, 12 chains";
  static Vec set1(float v) { return _mm256_set1_ps(v); }
  static Vec step(Vec x, Vec a, Vec b) { return _mm256_fmadd_ps(x, a, b); }
  static float sum(Vec v) {
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, v);
    float s = 0;
    for (float f : lanes) s += f;
    return s;
  }
};
#else
// No FMA in this build's target: a multiply and an add per step (still 2 flops).
struct FmaIsa {
  using Vec = float __attribute__((vector_size(16)));
  static constexpr int kLanes = 4;
  static constexpr int kChains = 12;
  static constexpr int kFlopsPerOp = 2;
  static constexpr const char* kName = "sse mul+add (build targets no FMA), 12 chains";
  static Vec set1(float v) { return Vec{v, v, v, v}; }
  static Vec step(Vec x, Vec a, Vec b) { return x * a + b; }
  static float sum(Vec v) { return v[0] + v[1] + v[2] + v[3]; }
};
#endif

constexpr int kFmaSteps = 512;

[[gnu::noinline]] float fma_chains(float seed) {
  typename FmaIsa::Vec acc[FmaIsa::kChains];
  for (int c = 0; c < FmaIsa::kChains; ++c) acc[c] = FmaIsa::set1(seed + static_cast<float>(c) * 1e-3f);
  // Converges to b / (1 - a) = 1: no overflow, no denormals.
  const auto a = FmaIsa::set1(0.999f);
  const auto b = FmaIsa::set1(0.001f);
  for (int s = 0; s < kFmaSteps; ++s) {
#pragma GCC unroll 16
    for (int c = 0; c < FmaIsa::kChains; ++c) acc[c] = FmaIsa::step(acc[c], a, b);
  }
  float total = 0;
  for (int c = 0; c < FmaIsa::kChains; ++c) total += FmaIsa::sum(acc[c]);
  return total;
}

void BM_FmaPeak(benchmark::State& state) {
  for (auto _ : state) {
    float seed = 0.5f;
    benchmark::DoNotOptimize(seed);  // a fresh, opaque input: the call cannot be hoisted
    benchmark::DoNotOptimize(fma_chains(seed));
  }
  constexpr double kFlopsPerIteration =
      static_cast<double>(kFmaSteps) * FmaIsa::kChains * FmaIsa::kLanes * FmaIsa::kFlopsPerOp;
  state.counters["gflops"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kFlopsPerIteration / 1e9, benchmark::Counter::kIsRate);
  state.SetLabel(FmaIsa::kName);
}
BENCHMARK(BM_FmaPeak);

// ---------------------------------------------------------------------------
// Shared inputs: one default model and normal(0, 1) feature batches, built once.

const ml::Mlp& default_model() {
  static const ml::Mlp model = ml::Mlp::random(42);
  return model;
}

const std::vector<float>& feature_batch(std::size_t rows) {
  static std::map<std::size_t, std::vector<float>> cache;
  auto [it, inserted] = cache.try_emplace(rows);
  if (inserted) {
    Xoshiro256StarStar rng(1000 + rows);
    it->second.resize(rows * default_model().inputs());
    for (float& v : it->second) v = static_cast<float>(rng.normal());
  }
  return it->second;
}

void BM_MlpInference(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  const auto isa = static_cast<ml::KernelIsa>(state.range(1));
  const ml::Mlp& model = default_model();
  const std::vector<float>& features = feature_batch(batch);
  std::vector<float> probabilities(batch * ml::kNumClasses);
  ml::InferenceWorkspace workspace(model, batch);
  const auto rows = static_cast<Eigen::Index>(batch);
  const ml::ConstBatchMap x(features.data(), rows, static_cast<Eigen::Index>(model.inputs()));
  ml::BatchMap p(probabilities.data(), rows, static_cast<Eigen::Index>(ml::kNumClasses));
  LatencyHistogram latency;
  model.infer(x, p, workspace, isa);  // warm-up: touches every page once

  marketbench::bench::AllocationMeter meter;
  for (auto _ : state) {
    const auto start = Clock::now();
    model.infer(x, p, workspace, isa);
    const auto end = Clock::now();
    benchmark::DoNotOptimize(probabilities.data());
    benchmark::ClobberMemory();
    latency.record(elapsed_ns(start, end));
  }
  const double samples = static_cast<double>(state.iterations()) * static_cast<double>(batch);
  meter.publish(state, "bytes_per_inference", samples);
  state.counters["samples_per_second"] = benchmark::Counter(samples, benchmark::Counter::kIsRate);
  state.counters["gflops"] = benchmark::Counter(
      samples * static_cast<double>(model.flops_per_sample()) / 1e9, benchmark::Counter::kIsRate);
  marketbench::bench::set_latency_counters(state, latency);
  state.SetLabel(std::string(ml::kernel_isa_name(isa)));
}
BENCHMARK(BM_MlpInference)->ArgNames({"batch", "isa"})->ArgsProduct({{1, 10, 32, 64, 128, 256}, {0, 2}});

}  // namespace
