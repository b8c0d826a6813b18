#pragma once

// The platform's model: a float32 multi-layer perceptron with ReLU hidden
// layers and a softmax over SELL / HOLD / BUY, plus the per-feature
// normalisation it was trained with. Immutable once built, so one instance is
// shared by any number of threads (each with its own InferenceWorkspace).

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "marketbench/ml/dense_kernel.hpp"
#include "marketbench/ml/inference_workspace.hpp"
#include "marketbench/ml/prediction.hpp"

namespace marketbench::ml {

// Bounds of a sane model; the model file loader rejects anything beyond them.
inline constexpr std::size_t kMaxLayers = 16;
inline constexpr std::size_t kMaxLayerWidth = 4096;

struct DenseLayer {
  RowMatrixXf weights;  // inputs x outputs, row-major: a batch is x * weights
  Eigen::RowVectorXf bias;  // outputs
};

// Features are fed to the network as (x - mean) / stddev.
struct FeatureNormalisation {
  Eigen::RowVectorXf mean;
  Eigen::RowVectorXf stddev;  // every entry finite and > 0
};

class Mlp {
 public:
  static constexpr std::array<std::size_t, 4> kDefaultLayerSizes = {50, 64, 32,
                                                                    3};

  // Checks the invariant: 1..kMaxLayers layers, widths in 1..kMaxLayerWidth,
  // consecutive layers chained, bias sizes matching, kNumClasses outputs,
  // normalisation of the input width, every value finite, stddev > 0.
  // Throws std::invalid_argument naming the first violation.
  Mlp(std::vector<DenseLayer> layers, FeatureNormalisation normalisation);

  // He-initialised weights (normal, variance 2 / fan-in), small random biases
  // and an identity normalisation (mean 0, stddev 1), drawn from
  // core::Xoshiro256StarStar(seed): the same seed gives the same model on any
  // platform. layer_sizes = {inputs, hidden..., kNumClasses}.
  static Mlp random(std::span<const std::size_t> layer_sizes,
                    std::uint64_t seed);
  static Mlp random(std::uint64_t seed) {
    return random(kDefaultLayerSizes, seed);
  }

  std::size_t inputs() const {
    return static_cast<std::size_t>(layers_.front().weights.rows());
  }
  std::size_t outputs() const { return kNumClasses; }
  // {inputs, hidden..., outputs}
  std::vector<std::size_t> layer_sizes() const;
  std::span<const DenseLayer> layers() const { return layers_; }
  const FeatureNormalisation& normalisation() const { return normalisation_; }
  // The widest activation a workspace must hold (inputs and hidden layers).
  std::size_t workspace_width() const { return workspace_width_; }
  // Floating-point operations of the layers per sample: 2 * sum(in * out).
  std::uint64_t flops_per_sample() const { return flops_per_sample_; }

  // Class probabilities (N x kNumClasses, rows sum to 1) for a batch of
  // feature rows (N x inputs()). N <= workspace.max_batch(). Allocates
  // nothing. Throws std::invalid_argument on a shape mismatch, a workspace
  // too small, or a non-finite feature, and std::domain_error when a row's
  // logits overflow float32 (both name the row; after a throw
  // `probabilities` holds unspecified values). `features` and
  // `probabilities` must not overlap.
  void infer(const ConstBatchMap& features, const BatchMap& probabilities,
             InferenceWorkspace& workspace) const {
    infer(features, probabilities, workspace, best_kernel_isa());
  }
  // The same with an explicit layer kernel (tests compare them).
  void infer(ConstBatchMap features, BatchMap probabilities,
             InferenceWorkspace& workspace, KernelIsa isa) const;
  // Flat row-major spans: features.size() = N * inputs(), probabilities.size()
  // = N * kNumClasses.
  void infer(std::span<const float> features, std::span<float> probabilities,
             InferenceWorkspace& workspace) const;

 private:
  // Rows run through all layers together (their activations stay in L1).
  static constexpr std::size_t kTileRows = 48;

  void check_shapes(const ConstBatchMap& features,
                    const BatchMap& probabilities,
                    const InferenceWorkspace& workspace) const;
  void forward_tile(KernelIsa isa, std::size_t rows,
                    InferenceWorkspace& workspace, float* logits) const;

  std::vector<DenseLayer> layers_;
  std::vector<PackedLayer> packed_;  // layers_ laid out for the SIMD kernels
  FeatureNormalisation normalisation_;
  Eigen::RowVectorXf inv_stddev_;
  std::size_t workspace_width_ = 0;
  std::uint64_t flops_per_sample_ = 0;
};

}  // namespace marketbench::ml
