#pragma once

// The Eigen side of ml::Mlp (include/marketbench/ml/mlp.hpp): its layers,
// normalisation and inference on Eigen maps. Internal to the library; the
// model file, the trainer, the quality reference, and the benchmarks and
// tests that build or inspect weights include it.

#include <Eigen/Core>
#include <vector>

#include "marketbench/ml/inference_workspace.hpp"
#include "marketbench/ml/mlp.hpp"
#include "ml/dense_kernel.hpp"

namespace marketbench::ml {

struct DenseLayer {
  RowMatrixXf weights;  // inputs x outputs, row-major: a batch is x * weights
  Eigen::RowVectorXf bias;  // outputs
};

// Features are fed to the network as (x - mean) / stddev.
struct FeatureNormalisation {
  Eigen::RowVectorXf mean;
  Eigen::RowVectorXf stddev;  // every entry finite and > 0
};

// What an Mlp shares between its copies (immutable once built).
struct MlpParameters {
  std::vector<DenseLayer> layers;
  FeatureNormalisation normalisation;
  Eigen::RowVectorXf inv_stddev;    // 1 / normalisation.stddev
  std::vector<PackedLayer> packed;  // layers laid out for the SIMD kernels
};

// Mlp::infer on Eigen maps: probabilities (N x kNumClasses) for features
// (N x model.inputs()); the same contract and errors.
void infer(const Mlp& model, const ConstBatchMap& features,
           BatchMap probabilities, InferenceWorkspace& workspace,
           KernelIsa isa);
inline void infer(const Mlp& model, const ConstBatchMap& features,
                  const BatchMap& probabilities,
                  InferenceWorkspace& workspace) {
  infer(model, features, probabilities, workspace, best_kernel_isa());
}

// Replaces each row of logits by its softmax. Subtracts the row maximum
// first, so any finite logits work (exp never overflows; +-1e4 is fine).
void softmax_rows(BatchMap logits);

// predict() for every row of an N x 3 probability batch into out[0..N).
// Throws std::invalid_argument when the shapes disagree.
void predict_rows(const ConstBatchMap& probabilities,
                  std::span<Prediction> out);

}  // namespace marketbench::ml
