#pragma once

// The platform's model: a float32 multi-layer perceptron with ReLU hidden
// layers and a softmax over SELL / HOLD / BUY, plus the per-feature
// normalisation it was trained with. Immutable once built, so one instance is
// shared by any number of threads (each with its own InferenceWorkspace).
//
// The weights are Eigen matrices, kept out of this header: DenseLayer,
// FeatureNormalisation, the layer kernels (KernelIsa) and inference on Eigen
// maps are the library's internals (src/ml/mlp_parameters.hpp), so including
// the model does not include Eigen.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "marketbench/ml/inference_workspace.hpp"
#include "marketbench/ml/prediction.hpp"

namespace marketbench::ml {

// Bounds of a sane model; the model file loader rejects anything beyond them.
inline constexpr std::size_t kMaxLayers = 16;
inline constexpr std::size_t kMaxLayerWidth = 4096;

struct DenseLayer;            // src/ml/mlp_parameters.hpp
struct FeatureNormalisation;  // src/ml/mlp_parameters.hpp
struct MlpParameters;         // src/ml/mlp_parameters.hpp
enum class KernelIsa;         // src/ml/dense_kernel.hpp

class Mlp {
 public:
  static constexpr std::array<std::size_t, 4> kDefaultLayerSizes = {50, 64, 32,
                                                                    3};

  // Checks the invariant: 1..kMaxLayers layers, widths in 1..kMaxLayerWidth,
  // consecutive layers chained, bias sizes matching, kNumClasses outputs,
  // normalisation of the input width, every value finite, stddev > 0.
  // Throws std::invalid_argument naming the first violation.
  Mlp(std::vector<DenseLayer> layers, FeatureNormalisation normalisation);
  Mlp(const Mlp&);
  Mlp(Mlp&&) noexcept;
  Mlp& operator=(const Mlp&);
  Mlp& operator=(Mlp&&) noexcept;
  ~Mlp();

  // He-initialised weights (normal, variance 2 / fan-in), small random biases
  // and an identity normalisation (mean 0, stddev 1), drawn from
  // core::Xoshiro256StarStar(seed): the same seed gives the same model on any
  // platform. layer_sizes = {inputs, hidden..., kNumClasses}.
  static Mlp random(std::span<const std::size_t> layer_sizes,
                    std::uint64_t seed);
  static Mlp random(std::uint64_t seed) {
    return random(kDefaultLayerSizes, seed);
  }

  std::size_t inputs() const;
  std::size_t outputs() const { return kNumClasses; }
  // {inputs, hidden..., outputs}
  std::vector<std::size_t> layer_sizes() const;
  const std::vector<DenseLayer>& layers() const;
  const FeatureNormalisation& normalisation() const;
  // The widest activation a workspace must hold (inputs and hidden layers).
  std::size_t workspace_width() const { return workspace_width_; }
  // Floating-point operations of the layers per sample: 2 * sum(in * out).
  std::uint64_t flops_per_sample() const { return flops_per_sample_; }

  // Class probabilities for a batch of feature rows, flat and row-major:
  // features.size() = N * inputs(), probabilities.size() = N * kNumClasses
  // (rows sum to 1). N <= workspace.max_batch(). Allocates nothing. Throws
  // std::invalid_argument on a shape mismatch, a workspace too small, or a
  // non-finite feature, and std::domain_error when a row's logits overflow
  // float32 (both name the row; after a throw `probabilities` holds
  // unspecified values). `features` and `probabilities` must not overlap.
  void infer(std::span<const float> features, std::span<float> probabilities,
             InferenceWorkspace& workspace) const;
  // The same with an explicit layer kernel (tests compare them).
  void infer(std::span<const float> features, std::span<float> probabilities,
             InferenceWorkspace& workspace, KernelIsa isa) const;

  // The weights (internal: the model file, the trainer and the quality
  // reference read them).
  const MlpParameters& parameters() const { return *parameters_; }

 private:
  std::shared_ptr<const MlpParameters> parameters_;  // never null
  std::size_t workspace_width_ = 0;
  std::uint64_t flops_per_sample_ = 0;
};

}  // namespace marketbench::ml
