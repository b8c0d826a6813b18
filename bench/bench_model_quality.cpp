// Model quality beside model speed: the trained recommender (and, for
// contrast, the random speed-only model) inferring every held-out test day of
// its recipe's learnable market. The timed loop is the inference; the quality
// counters are computed afterwards from the probabilities it produced
// (docs/MODEL_QUALITY.md).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "marketbench/ml/feature_extractor.hpp"
#include "marketbench/ml/mlp.hpp"
#include "marketbench/ml/quality.hpp"
#include "ml/mlp_parameters.hpp"
#include "support/fault.hpp"
#include "support/trained_model.hpp"

namespace {

using namespace marketbench;

constexpr std::size_t kChunk = 256;
constexpr std::uint64_t kRandomModelSeed = 42;

// support/fault.hpp: the BUY logit's sums off by 1e-3.
ml::Mlp with_kernel_offset(const ml::Mlp& model) {
  std::vector<ml::DenseLayer> layers(model.layers().begin(),
                                     model.layers().end());
  layers.back().bias[2] += 1e-3f;
  return ml::Mlp(std::move(layers), model.normalisation());
}

// support/fault.hpp: ret_1d and ret_5d swapped, as a wrong extractor index.
std::vector<float> with_swapped_feature(std::vector<float> features) {
  constexpr std::size_t kF = ml::FeatureExtractor::kFeatureCount;
  for (std::size_t r = 0; r < features.size() / kF; ++r)
    std::swap(features[r * kF + 0], features[r * kF + 2]);
  return features;
}

// One iteration infers the next chunk of kChunk held-out rows (cycling); after
// the loop any rows not yet inferred are, so that every row's probabilities
// come from the kernel the loop timed.
void run_quality(benchmark::State& state, const ml::Mlp& reference_model,
                 const char* label) {
  const bench::HeldOutDays& days = bench::held_out_days();
  const bench::Fault fault = bench::active_fault();
  const ml::Mlp model = fault == bench::Fault::kKernelOffset
                            ? with_kernel_offset(reference_model)
                            : reference_model;
  const std::vector<float> features =
      fault == bench::Fault::kSwapFeature
          ? with_swapped_feature(days.rows.features)
          : days.rows.features;
  const std::size_t rows = days.rows.rows();
  const std::size_t inputs = model.inputs();
  std::vector<float> probabilities(rows * ml::kNumClasses);
  ml::InferenceWorkspace workspace(model, kChunk);
  auto infer_chunk = [&](std::size_t chunk) {
    const std::size_t begin = chunk * kChunk;
    const std::size_t count = std::min(kChunk, rows - begin);
    model.infer(std::span(features).subspan(begin * inputs, count * inputs),
                std::span(probabilities)
                    .subspan(begin * ml::kNumClasses, count * ml::kNumClasses),
                workspace);
  };
  const std::size_t chunks = (rows + kChunk - 1) / kChunk;
  std::size_t next = 0;
  std::uint64_t samples = 0;
  for (auto _ : state) {
    infer_chunk(next);
    samples += std::min(kChunk, rows - next * kChunk);
    benchmark::DoNotOptimize(probabilities.data());
    benchmark::ClobberMemory();
    next = (next + 1) % chunks;
  }
  const std::size_t timed = std::min<std::uint64_t>(
      chunks, static_cast<std::uint64_t>(state.iterations()));
  for (std::size_t c = timed; c < chunks; ++c) infer_chunk(c);

  const ml::ClassificationQuality q =
      ml::evaluate(probabilities, days.rows.labels);
  std::vector<double> reference(probabilities.size());
  ml::reference_probabilities(reference_model, features, reference);
  state.counters["samples_per_second"] = benchmark::Counter(
      static_cast<double>(samples), benchmark::Counter::kIsRate);
  state.counters["accuracy"] = q.accuracy;
  state.counters["log_loss"] = q.log_loss;
  state.counters["macro_f1"] = q.macro_f1;
  state.counters["balanced_accuracy"] = q.balanced_accuracy;
  state.counters["agreement_with_reference"] =
      ml::max_abs_difference(probabilities, reference);
  state.counters["baseline_majority_rate"] = days.rows.majority_rate();
  state.counters["baseline_rule_accuracy"] = days.rule_accuracy;
  state.counters["test_rows"] = static_cast<double>(rows);
  state.SetLabel(label);
}

void BM_ModelQuality_Trained(benchmark::State& state) {
  std::string error;
  const std::shared_ptr<const ml::Mlp> model = bench::trained_model(error);
  if (!model) {
    state.SkipWithError(error.c_str());
    for (auto _ : state) {
    }
    return;
  }
  run_quality(state, *model, "trained recommender_v1");
}
BENCHMARK(BM_ModelQuality_Trained)->Name("BM_ModelQuality/model:trained");

void BM_ModelQuality_Random(benchmark::State& state) {
  static const ml::Mlp model = ml::Mlp::random(kRandomModelSeed);
  run_quality(state, model, "random model (speed only)");
}
BENCHMARK(BM_ModelQuality_Random)->Name("BM_ModelQuality/model:random");

}  // namespace
