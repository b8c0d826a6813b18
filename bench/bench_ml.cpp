// Benchmarks of the ML path: FMA peak, MLP inference, model files, registry.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

#include "marketbench/core/random.hpp"
#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/metrics/latency_histogram.hpp"
#include "marketbench/ml/feature_extractor.hpp"
#include "marketbench/ml/mlp.hpp"
#include "marketbench/ml/model_file.hpp"
#include "marketbench/ml/model_registry.hpp"
#include "marketbench/ml/quality.hpp"
#include "ml/mlp_parameters.hpp"
#include "support/counters.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace market = marketbench::market;
namespace ml = marketbench::ml;
using marketbench::core::Xoshiro256StarStar;
using marketbench::metrics::LatencyHistogram;
using Clock = std::chrono::steady_clock;

std::uint64_t elapsed_ns(Clock::time_point start, Clock::time_point end) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(end - start)
          .count());
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
    // Not _mm512_reduce_add_ps: GCC 12 flags its undefined temporaries as
    // uninitialized.
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
// No FMA in this build's target: a multiply and an add per step (still 2
// flops).
struct FmaIsa {
  using Vec = float __attribute__((vector_size(16)));
  static constexpr int kLanes = 4;
  static constexpr int kChains = 12;
  static constexpr int kFlopsPerOp = 2;
  static constexpr const char* kName =
      "sse mul+add (build targets no FMA), 12 chains";
  static Vec set1(float v) { return Vec{v, v, v, v}; }
  static Vec step(Vec x, Vec a, Vec b) { return x * a + b; }
  static float sum(Vec v) { return v[0] + v[1] + v[2] + v[3]; }
};
#endif

constexpr int kFmaSteps = 512;

[[gnu::noinline]] float fma_chains(float seed) {
  typename FmaIsa::Vec acc[FmaIsa::kChains];
  for (int c = 0; c < FmaIsa::kChains; ++c)
    acc[c] = FmaIsa::set1(seed + static_cast<float>(c) * 1e-3f);
  // Converges to b / (1 - a) = 1: no overflow, no denormals.
  const auto a = FmaIsa::set1(0.999f);
  const auto b = FmaIsa::set1(0.001f);
  for (int s = 0; s < kFmaSteps; ++s) {
#pragma GCC unroll 16
    for (int c = 0; c < FmaIsa::kChains; ++c)
      acc[c] = FmaIsa::step(acc[c], a, b);
  }
  float total = 0;
  for (int c = 0; c < FmaIsa::kChains; ++c) total += FmaIsa::sum(acc[c]);
  return total;
}

void BM_FmaPeak(benchmark::State& state) {
  for (auto _ : state) {
    float seed = 0.5f;
    benchmark::DoNotOptimize(
        seed);  // a fresh, opaque input: the call cannot be hoisted
    benchmark::DoNotOptimize(fma_chains(seed));
  }
  constexpr double kFlopsPerIteration = static_cast<double>(kFmaSteps) *
                                        FmaIsa::kChains * FmaIsa::kLanes *
                                        FmaIsa::kFlopsPerOp;
  state.counters["gflops"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kFlopsPerIteration / 1e9,
      benchmark::Counter::kIsRate);
  state.SetLabel(FmaIsa::kName);
}
BENCHMARK(BM_FmaPeak);

// ---------------------------------------------------------------------------
// Shared inputs, built once: the default model, normal(0, 1) feature batches,
// a registry of 5 models.

const ml::Mlp& default_model() {
  static const ml::Mlp model = ml::Mlp::random(42);
  return model;
}

// `rows` x 50 features; `variant` picks one of several independent batches.
const std::vector<float>& feature_batch(std::size_t rows,
                                        std::uint64_t variant = 0) {
  static std::map<std::pair<std::size_t, std::uint64_t>, std::vector<float>>
      cache;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, inserted] = cache.try_emplace({rows, variant});
  if (inserted) {
    Xoshiro256StarStar rng(1000 + rows * 131 + variant);
    it->second.resize(rows * default_model().inputs());
    for (float& v : it->second) v = static_cast<float>(rng.normal());
  }
  return it->second;
}

constexpr int kRegistryModels = 5;

const std::array<std::string, kRegistryModels>& model_names() {
  static const std::array<std::string, kRegistryModels> names = {
      "model0", "model1", "model2", "model3", "model4"};
  return names;
}

// Five default-shaped models with different weights, registered in memory.
const ml::ModelRegistry& shared_registry() {
  struct Filled {
    ml::ModelRegistry registry;
    Filled() {
      for (int m = 0; m < kRegistryModels; ++m)
        registry.add(model_names()[m], ml::Mlp::random(100 + m));
    }
  };
  static const Filled filled;
  return filled.registry;
}

// Items done by all threads and the longest wall time of any of them: an
// aggregate rate. (Google Benchmark's kIsRate divides by the CPU time summed
// over threads, i.e. gives a per-thread rate, and UseRealTime would rename
// the benchmark.)
struct Throughput {
  std::uint64_t items = 0;
  std::uint64_t wall_ns = 0;
  void merge(const Throughput& other) {
    items += other.items;
    wall_ns = std::max(wall_ns, other.wall_ns);
  }
  void reset() { *this = Throughput{}; }
  double per_second() const {
    return wall_ns
               ? static_cast<double>(items) * 1e9 / static_cast<double>(wall_ns)
               : 0.0;
  }
};

struct ConcurrentTotals {
  LatencyHistogram latency;
  Throughput throughput;
  void merge(const ConcurrentTotals& other) {
    latency.merge(other.latency);
    throughput.merge(other.throughput);
  }
  void reset() {
    latency.reset();
    throughput.reset();
  }
};

// ---------------------------------------------------------------------------
// BM_MlpInference/batch:N -- one Mlp::infer call on N samples.

// The latency percentiles time one call in kLatencySampleEvery: the two clock
// reads (~20 ns each) would otherwise be a fifth of a batch-1 call's time.
// Every call is still timed by Google Benchmark's own loop clock.
constexpr std::uint64_t kLatencySampleEvery = 16;

void BM_MlpInference(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  const ml::Mlp& model = default_model();
  const std::vector<float>& features = feature_batch(batch);
  std::vector<float> probabilities(batch * ml::kNumClasses);
  ml::InferenceWorkspace workspace(model, batch);
  const auto rows = static_cast<Eigen::Index>(batch);
  const ml::ConstBatchMap x(features.data(), rows,
                            static_cast<Eigen::Index>(model.inputs()));
  ml::BatchMap p(probabilities.data(), rows,
                 static_cast<Eigen::Index>(ml::kNumClasses));
  LatencyHistogram latency;
  ml::infer(model, x, p, workspace);  // warm-up: touches every page once

  marketbench::bench::AllocationMeter meter;
  std::uint64_t call = 0;
  for (auto _ : state) {
    if (call++ % kLatencySampleEvery == 0) {
      const auto start = Clock::now();
      ml::infer(model, x, p, workspace);
      const auto end = Clock::now();
      latency.record(elapsed_ns(start, end));
    } else {
      ml::infer(model, x, p, workspace);
    }
    benchmark::DoNotOptimize(probabilities.data());
    benchmark::ClobberMemory();
  }
  const double samples =
      static_cast<double>(state.iterations()) * static_cast<double>(batch);
  meter.publish(state, "bytes_per_inference", samples);
  state.counters["samples_per_second"] =
      benchmark::Counter(samples, benchmark::Counter::kIsRate);
  state.counters["gflops"] = benchmark::Counter(
      samples * static_cast<double>(model.flops_per_sample()) / 1e9,
      benchmark::Counter::kIsRate);
  marketbench::bench::set_latency_counters(state, latency);
  // The timed kernel's last output against the double-precision reference
  // pass on the same inputs (docs/MODEL_QUALITY.md).
  std::vector<double> reference(probabilities.size());
  ml::reference_probabilities(model, features, reference);
  state.counters["agreement_with_reference"] =
      ml::max_abs_difference(probabilities, reference);
  state.SetLabel(std::string(ml::kernel_isa_name(ml::best_kernel_isa())) +
                 ", random model (speed only)");
}
BENCHMARK(BM_MlpInference)
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(10)
    ->Arg(32)
    ->Arg(64)
    ->Arg(128)
    ->Arg(256);

// ---------------------------------------------------------------------------
// BM_ConcurrentModelInference/models:5/threads:T -- one request per iteration:
// get one of 5 models from a shared registry, infer a batch of 32 samples.

constexpr std::size_t kRequestBatch = 32;
constexpr std::uint64_t kFeatureVariants = 8;

void BM_ConcurrentModelInference(benchmark::State& state) {
  static marketbench::bench::LastThreadMerge<ConcurrentTotals> merger;
  merger.begin();
  const auto models = static_cast<std::uint64_t>(state.range(0));
  const ml::ModelRegistry& registry = shared_registry();
  // Each thread: its own workspace, output buffer, request stream and inputs.
  ml::InferenceWorkspace workspace(default_model(), kRequestBatch);
  std::vector<float> probabilities(kRequestBatch * ml::kNumClasses);
  std::vector<const std::vector<float>*> inputs;
  for (std::uint64_t v = 0; v < kFeatureVariants; ++v) {
    inputs.push_back(&feature_batch(
        kRequestBatch, v + kFeatureVariants * static_cast<std::uint64_t>(
                                                  state.thread_index())));
  }
  Xoshiro256StarStar rng(7 + static_cast<std::uint64_t>(state.thread_index()));
  ConcurrentTotals totals;
  Clock::time_point begin{};
  for (auto _ : state) {
    const std::uint64_t pick = rng.next_u64();
    const std::string& name = model_names()[(pick >> 8) % models];
    const std::vector<float>& x = *inputs[pick % kFeatureVariants];
    const auto start = Clock::now();
    if (begin == Clock::time_point{}) begin = start;  // after the start barrier
    const std::shared_ptr<const ml::Mlp> model = registry.get(name);
    model->infer(x, probabilities, workspace);
    const auto end = Clock::now();
    benchmark::DoNotOptimize(probabilities.data());
    benchmark::ClobberMemory();
    totals.latency.record(elapsed_ns(start, end));
  }
  totals.throughput.wall_ns =
      elapsed_ns(begin, Clock::now());  // after the stop barrier
  totals.throughput.items =
      static_cast<std::uint64_t>(state.iterations()) * kRequestBatch;
  merger.finish(state, totals, [&](const ConcurrentTotals& all) {
    state.counters["inferences_per_second"] = all.throughput.per_second();
    marketbench::bench::set_latency_counters(state, all.latency);
  });
}
BENCHMARK(BM_ConcurrentModelInference)
    ->ArgName("models")
    ->Arg(kRegistryModels)
    ->Threads(1)
    ->Threads(2)
    ->Threads(4);

// ---------------------------------------------------------------------------
// BM_InferenceMemorySoak -- sustained mixed requests (5 models, batch sizes
// 1..128, predictions derived) on one workspace; the heap must not grow.

void BM_InferenceMemorySoak(benchmark::State& state) {
  constexpr std::size_t kMaxBatch = 128;
  const ml::ModelRegistry& registry = shared_registry();
  ml::InferenceWorkspace workspace(default_model(), kMaxBatch);
  std::vector<float> probabilities(kMaxBatch * ml::kNumClasses);
  std::vector<ml::Prediction> predictions(kMaxBatch);
  const std::vector<float>& features = feature_batch(kMaxBatch, 99);
  Xoshiro256StarStar rng(11);
  std::uint64_t samples = 0;
  double confidence_sum = 0;

  marketbench::bench::AllocationMeter meter;
  for (auto _ : state) {
    const std::uint64_t pick = rng.next_u64();
    const std::shared_ptr<const ml::Mlp> model =
        registry.get(model_names()[pick % kRegistryModels]);
    const std::size_t rows = 1 + (pick >> 8) % kMaxBatch;
    const auto n = static_cast<Eigen::Index>(rows);
    ml::infer(*model, ml::ConstBatchMap(features.data(), n, 50),
              ml::BatchMap(probabilities.data(), n, 3), workspace);
    ml::predict_rows(ml::ConstBatchMap(probabilities.data(), n, 3),
                     std::span(predictions).first(rows));
    confidence_sum += predictions[rows - 1].confidence;
    samples += rows;
  }
  benchmark::DoNotOptimize(confidence_sum);
  const std::int64_t net_growth = meter.net_bytes();
  meter.publish(state, "bytes_per_inference", static_cast<double>(samples));
  if (marketbench::metrics::jemalloc_available()) {
    state.counters["net_heap_growth_bytes"] = static_cast<double>(net_growth);
  }
  state.counters["inferences_per_second"] = benchmark::Counter(
      static_cast<double>(samples), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_InferenceMemorySoak);

// ---------------------------------------------------------------------------
// BM_ModelLoad -- load_model of the default model from a file: read,
// validate (sizes, CRC-32C, finiteness), build. The file sits in the page
// cache after the first iteration; nothing caches the parsed model.

// The model file sits in a ScopedTempDir, removed at exit.
void BM_ModelLoad(benchmark::State& state) {
  static const marketbench::bench::ScopedTempDir scratch{"ml"};
  const std::filesystem::path path = scratch.file("default.mbm");
  ml::save_model(default_model(), path);
  const auto file_bytes =
      static_cast<std::int64_t>(std::filesystem::file_size(path));
  for (auto _ : state) {
    ml::Mlp model = ml::load_model(path);
    benchmark::DoNotOptimize(model.layers().data());
  }
  state.SetBytesProcessed(state.iterations() * file_bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ModelLoad);

// ---------------------------------------------------------------------------
// BM_ModelRegistryGet/threads:T -- one get() of a cached model (cycling over
// 5).

void BM_ModelRegistryGet(benchmark::State& state) {
  static marketbench::bench::LastThreadMerge<Throughput> merger;
  merger.begin();
  const ml::ModelRegistry& registry = shared_registry();
  std::size_t i = static_cast<std::size_t>(state.thread_index());
  Clock::time_point begin{};
  for (auto _ : state) {
    if (begin == Clock::time_point{}) begin = Clock::now();
    const std::shared_ptr<const ml::Mlp> model =
        registry.get(model_names()[i++ % kRegistryModels]);
    benchmark::DoNotOptimize(model.get());
  }
  Throughput totals{static_cast<std::uint64_t>(state.iterations()),
                    elapsed_ns(begin, Clock::now())};
  merger.finish(state, totals, [&](const Throughput& all) {
    state.counters["gets_per_second"] = all.per_second();
  });
}
BENCHMARK(BM_ModelRegistryGet)->Threads(1)->Threads(2);

// ---------------------------------------------------------------------------
// BM_MlRecommendationGeneration/stocks:100 -- the original scenario: for each
// of 20 consecutive trading days (20 inference batches), the 50 features of
// every stock as of that day, one inference on the batch, and the action and
// confidence of each stock.

constexpr std::size_t kRecommendationBatches = 20;

struct RecommendationScenario {
  std::size_t stocks;
  market::PriceStore store;
  // batch_histories[b][i]: stock i's history as of day (last - b).
  std::vector<std::vector<market::OhlcvView>> batch_histories;
  std::optional<ml::Mlp> model;

  explicit RecommendationScenario(std::size_t stock_count)
      : stocks(stock_count),
        store(stock_count, ml::FeatureExtractor::min_history_days() +
                               kRecommendationBatches) {
    market::MarketGenerator generator(stocks, 20240601);
    const std::size_t days =
        ml::FeatureExtractor::min_history_days() + kRecommendationBatches;
    for (std::size_t d = 0; d < days; ++d)
      store.append_day(generator.next_day());
    for (std::size_t b = 0; b < kRecommendationBatches; ++b) {
      std::vector<market::OhlcvView> views;
      for (std::size_t id = 0; id < stocks; ++id) {
        views.push_back(
            store.history(static_cast<market::StockId>(id)).first(days - b));
      }
      batch_histories.push_back(std::move(views));
    }
    // The default model's weights with a normalisation fitted to these
    // features, as training would have left it.
    ml::FeatureExtractor extractor;
    constexpr std::size_t kFeatures = ml::FeatureExtractor::kFeatureCount;
    std::vector<float> all(kRecommendationBatches * stocks * kFeatures);
    for (std::size_t b = 0; b < kRecommendationBatches; ++b) {
      extractor.extract_batch(
          batch_histories[b],
          std::span(all).subspan(b * stocks * kFeatures, stocks * kFeatures));
    }
    // Plain loops: Eigen's AVX-512 reductions trip GCC 12's
    // -Wmaybe-uninitialized.
    const std::size_t samples = all.size() / kFeatures;
    Eigen::RowVectorXf mean(kFeatures);
    Eigen::RowVectorXf stddev(kFeatures);
    for (std::size_t k = 0; k < kFeatures; ++k) {
      double sum = 0;
      double sum_sq = 0;
      for (std::size_t i = 0; i < samples; ++i) sum += all[i * kFeatures + k];
      const double m = sum / static_cast<double>(samples);
      for (std::size_t i = 0; i < samples; ++i)
        sum_sq += (all[i * kFeatures + k] - m) * (all[i * kFeatures + k] - m);
      const double sd = std::sqrt(sum_sq / static_cast<double>(samples));
      mean[static_cast<Eigen::Index>(k)] = static_cast<float>(m);
      // A constant feature is left unscaled.
      stddev[static_cast<Eigen::Index>(k)] =
          sd > 1e-9 ? static_cast<float>(sd) : 1.0f;
    }
    const ml::Mlp& base = default_model();
    model.emplace(
        std::vector<ml::DenseLayer>(base.layers().begin(), base.layers().end()),
        ml::FeatureNormalisation{mean, stddev});
  }
};

const RecommendationScenario& recommendation_scenario(std::size_t stocks) {
  static std::map<std::size_t, std::unique_ptr<RecommendationScenario>> cache;
  auto& slot = cache[stocks];
  if (!slot) slot = std::make_unique<RecommendationScenario>(stocks);
  return *slot;
}

void BM_MlRecommendationGeneration(benchmark::State& state) {
  const auto stocks = static_cast<std::size_t>(state.range(0));
  const RecommendationScenario& scenario = recommendation_scenario(stocks);
  const ml::Mlp& model = *scenario.model;
  constexpr std::size_t kFeatures = ml::FeatureExtractor::kFeatureCount;
  ml::FeatureExtractor extractor;
  ml::InferenceWorkspace workspace(model, stocks);
  std::vector<float> features(stocks * kFeatures);
  std::vector<float> probabilities(stocks * ml::kNumClasses);
  std::vector<ml::Prediction> predictions(stocks);
  const auto rows = static_cast<Eigen::Index>(stocks);
  const ml::ConstBatchMap x(features.data(), rows,
                            static_cast<Eigen::Index>(kFeatures));
  const ml::BatchMap p(probabilities.data(), rows,
                       static_cast<Eigen::Index>(ml::kNumClasses));
  auto run_batch = [&](std::size_t b) {
    extractor.extract_batch(scenario.batch_histories[b], features);
    ml::infer(model, x, p, workspace);
    ml::predict_rows(ml::ConstBatchMap(probabilities.data(), rows, 3),
                     predictions);
  };
  run_batch(0);  // warm-up
  LatencyHistogram latency;
  std::uint64_t buys = 0;

  marketbench::bench::AllocationMeter meter;
  for (auto _ : state) {
    for (std::size_t b = 0; b < kRecommendationBatches; ++b) {
      const auto start = Clock::now();
      run_batch(b);
      const auto end = Clock::now();
      latency.record(elapsed_ns(start, end));
      for (const ml::Prediction& prediction : predictions)
        buys += prediction.action == ml::Action::kBuy;
    }
  }
  benchmark::DoNotOptimize(buys);
  const double inferences =
      static_cast<double>(state.iterations()) *
      static_cast<double>(kRecommendationBatches * stocks);
  meter.publish(state, "bytes_per_inference", inferences);
  state.counters["recommendations_per_second"] =
      benchmark::Counter(inferences, benchmark::Counter::kIsRate);
  marketbench::bench::set_latency_counters(state, latency);
  state.SetLabel(std::string(ml::kernel_isa_name(ml::best_kernel_isa())));
}
BENCHMARK(BM_MlRecommendationGeneration)
    ->ArgName("stocks")
    ->Arg(100)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
