#include "marketbench/ml/mlp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "marketbench/core/random.hpp"
#include "ml/mlp_parameters.hpp"
#include "simd_kernels.hpp"

namespace marketbench::ml {

namespace {

[[noreturn]] void invalid(const std::string& what) {
  throw std::invalid_argument("Mlp: " + what);
}

}  // namespace

Mlp::Mlp(std::vector<DenseLayer> layers, FeatureNormalisation normalisation) {
  auto parameters = std::make_shared<MlpParameters>(
      MlpParameters{std::move(layers), std::move(normalisation), {}, {}});
  const std::vector<DenseLayer>& layers_ = parameters->layers;
  const FeatureNormalisation& normalisation_ = parameters->normalisation;
  if (layers_.empty() || layers_.size() > kMaxLayers) {
    invalid(fmt::format("{} layers (need 1..{})", layers_.size(), kMaxLayers));
  }
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const DenseLayer& layer = layers_[l];
    const auto in = static_cast<std::size_t>(layer.weights.rows());
    const auto out = static_cast<std::size_t>(layer.weights.cols());
    if (in == 0 || out == 0 || in > kMaxLayerWidth || out > kMaxLayerWidth) {
      invalid(fmt::format("layer {} is {} x {} (widths must be 1..{})", l, in,
                          out, kMaxLayerWidth));
    }
    if (l > 0 &&
        in != static_cast<std::size_t>(layers_[l - 1].weights.cols())) {
      invalid(fmt::format("layer {} takes {} inputs but layer {} gives {}", l,
                          in, l - 1, layers_[l - 1].weights.cols()));
    }
    if (static_cast<std::size_t>(layer.bias.size()) != out) {
      invalid(fmt::format("layer {} has {} outputs but {} biases", l, out,
                          layer.bias.size()));
    }
    if (!layer.weights.allFinite() || !layer.bias.allFinite()) {
      invalid(fmt::format("layer {} has a non-finite weight or bias", l));
    }
    workspace_width_ = std::max(workspace_width_, in);
    flops_per_sample_ += 2 * static_cast<std::uint64_t>(in) * out;
  }
  if (static_cast<std::size_t>(layers_.back().weights.cols()) != kNumClasses) {
    invalid(
        fmt::format("the output layer has {} units; the model predicts {} "
                    "classes (SELL, HOLD, BUY)",
                    layers_.back().weights.cols(), kNumClasses));
  }
  const auto in = layers_.front().weights.rows();
  if (normalisation_.mean.size() != in || normalisation_.stddev.size() != in) {
    invalid(fmt::format(
        "normalisation has {} means and {} stddevs for {} inputs",
        normalisation_.mean.size(), normalisation_.stddev.size(), in));
  }
  for (Eigen::Index k = 0; k < in; ++k) {
    const float mean = normalisation_.mean[k];
    const float stddev = normalisation_.stddev[k];
    if (!std::isfinite(mean) || !std::isfinite(stddev) || !(stddev > 0.0f)) {
      invalid(
          fmt::format("feature {} has mean {} and stddev {} (need finite "
                      "values, stddev > 0)",
                      k, mean, stddev));
    }
  }
  parameters->inv_stddev = normalisation_.stddev.cwiseInverse();
  parameters->packed.reserve(layers_.size());
  for (const DenseLayer& layer : layers_)
    parameters->packed.emplace_back(layer.weights, layer.bias);
  parameters_ = std::move(parameters);
}

Mlp::Mlp(const Mlp&) = default;
Mlp::Mlp(Mlp&&) noexcept = default;
Mlp& Mlp::operator=(const Mlp&) = default;
Mlp& Mlp::operator=(Mlp&&) noexcept = default;
Mlp::~Mlp() = default;

std::size_t Mlp::inputs() const {
  return static_cast<std::size_t>(parameters_->layers.front().weights.rows());
}
const std::vector<DenseLayer>& Mlp::layers() const {
  return parameters_->layers;
}
const FeatureNormalisation& Mlp::normalisation() const {
  return parameters_->normalisation;
}

Mlp Mlp::random(std::span<const std::size_t> layer_sizes, std::uint64_t seed) {
  if (layer_sizes.size() < 2)
    invalid(fmt::format("random() needs at least 2 layer sizes, got {}",
                        layer_sizes.size()));
  for (std::size_t size : layer_sizes) {
    if (size == 0 || size > kMaxLayerWidth)
      invalid(fmt::format("random(): layer size {} not in 1..{}", size,
                          kMaxLayerWidth));
  }
  core::Xoshiro256StarStar rng(seed);
  std::vector<DenseLayer> layers;
  for (std::size_t l = 0; l + 1 < layer_sizes.size(); ++l) {
    const auto in = static_cast<Eigen::Index>(layer_sizes[l]);
    const auto out = static_cast<Eigen::Index>(layer_sizes[l + 1]);
    const double scale = std::sqrt(2.0 / static_cast<double>(in));
    DenseLayer layer{RowMatrixXf(in, out), Eigen::RowVectorXf(out)};
    for (Eigen::Index i = 0; i < in; ++i) {
      for (Eigen::Index j = 0; j < out; ++j)
        layer.weights(i, j) = static_cast<float>(rng.normal() * scale);
    }
    for (Eigen::Index j = 0; j < out; ++j)
      layer.bias[j] = static_cast<float>(0.1 * rng.normal());
    layers.push_back(std::move(layer));
  }
  const auto in = static_cast<Eigen::Index>(layer_sizes.front());
  return Mlp(std::move(layers),
             {Eigen::RowVectorXf::Zero(in), Eigen::RowVectorXf::Ones(in)});
}

std::vector<std::size_t> Mlp::layer_sizes() const {
  std::vector<std::size_t> sizes{inputs()};
  for (const DenseLayer& layer : parameters_->layers)
    sizes.push_back(static_cast<std::size_t>(layer.weights.cols()));
  return sizes;
}

namespace {

// Rows run through all layers together (their activations stay in L1).
constexpr std::size_t kTileRows = 48;

void check_shapes(const Mlp& model, const ConstBatchMap& features,
                  const BatchMap& probabilities,
                  const InferenceWorkspace& workspace) {
  const auto n = static_cast<std::size_t>(features.rows());
  if (static_cast<std::size_t>(features.cols()) != model.inputs()) {
    throw std::invalid_argument(
        fmt::format("Mlp::infer: features have {} columns, the model takes {}",
                    features.cols(), model.inputs()));
  }
  if (static_cast<std::size_t>(probabilities.rows()) != n ||
      static_cast<std::size_t>(probabilities.cols()) != kNumClasses) {
    throw std::invalid_argument(fmt::format(
        "Mlp::infer: probabilities are {} x {}, need {} x {}",
        probabilities.rows(), probabilities.cols(), n, kNumClasses));
  }
  const std::size_t width = model.workspace_width();
  if (n > workspace.max_batch() || width > workspace.max_width()) {
    throw std::invalid_argument(fmt::format(
        "Mlp::infer: a batch of {} rows {} wide does not fit the workspace "
        "(max_batch {}, max_width {})",
        n, width, workspace.max_batch(), workspace.max_width()));
  }
}

// One tile of normalised rows (in workspace buffer 0) through every layer;
// the logits land in `logits` (rows x kNumClasses).
void forward_tile(const MlpParameters& parameters, KernelIsa isa,
                  std::size_t rows, InferenceWorkspace& workspace,
                  float* logits) {
  const std::vector<DenseLayer>& layers = parameters.layers;
  const auto n = static_cast<Eigen::Index>(rows);
  int current = 0;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const bool last = l + 1 == layers.size();
    const DenseLayer& layer = layers[l];
    const float* x = workspace.buffer(current);
    float* y = last ? logits : workspace.buffer(1 - current);
    if (isa == KernelIsa::kEigen) {
      dense_forward(isa, ConstBatchMap(x, n, layer.weights.rows()),
                    layer.weights, layer.bias, !last,
                    BatchMap(y, n, layer.weights.cols()));
    } else {
      simd::dense_layer(isa, {x, rows, &parameters.packed[l], !last, y,
                              static_cast<std::size_t>(layer.weights.cols())});
    }
    current = 1 - current;
  }
}

// Throws std::invalid_argument naming the first feature row that is not
// finite.
void name_non_finite_feature(const ConstBatchMap& features) {
  for (Eigen::Index i = 0; i < features.rows(); ++i) {
    if (!features.row(i).allFinite()) {
      throw std::invalid_argument(
          fmt::format("Mlp::infer: feature row {} has a non-finite value", i));
    }
  }
}

}  // namespace

void infer(const Mlp& model, const ConstBatchMap& features,
           BatchMap probabilities, InferenceWorkspace& workspace,
           KernelIsa isa) {
  const MlpParameters& parameters = model.parameters();
  const auto n = static_cast<std::size_t>(features.rows());
  check_shapes(model, features, probabilities, workspace);
  const auto isas = compiled_kernel_isas();
  if (std::find(isas.begin(), isas.end(), isa) == isas.end()) {
    throw std::invalid_argument(
        fmt::format("Mlp::infer: kernel '{}' is not compiled into this build",
                    kernel_isa_name(isa)));
  }
  // Tiles of rows run through every layer, so that the hidden activations
  // stay in L1. Non-finite inputs and outputs are flagged by vectorised
  // tests and named afterwards (on a throw, `probabilities` holds
  // unspecified values).
  const std::size_t in = model.inputs();
  bool bad_input = false;
  bool bad_output = false;
  for (std::size_t row = 0; row < n; row += kTileRows) {
    const std::size_t rows = std::min(kTileRows, n - row);
    bad_input |=
        simd::normalise_rows(isa, features.data() + row * in, rows, in,
                             parameters.normalisation.mean.data(),
                             parameters.inv_stddev.data(), workspace.buffer(0));
    if (bad_input) break;
    float* logits = probabilities.data() + row * kNumClasses;
    forward_tile(parameters, isa, rows, workspace, logits);
    bad_output |= simd::softmax3_rows(isa, logits, rows);
  }
  if (bad_input) name_non_finite_feature(features);
  // Finite weights and features can still overflow to infinite logits (huge
  // weights from a file, extreme features); say so rather than hand out NaNs.
  if (bad_output) {
    for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
      if (!probabilities.row(i).allFinite()) {
        throw std::domain_error(
            fmt::format("Mlp::infer: row {} overflowed (non-finite logits: "
                        "weights or features too large for float32)",
                        i));
      }
    }
  }
}

void Mlp::infer(std::span<const float> features, std::span<float> probabilities,
                InferenceWorkspace& workspace) const {
  infer(features, probabilities, workspace, best_kernel_isa());
}

void Mlp::infer(std::span<const float> features, std::span<float> probabilities,
                InferenceWorkspace& workspace, KernelIsa isa) const {
  const std::size_t in = inputs();
  if (features.size() % in != 0) {
    throw std::invalid_argument(
        fmt::format("Mlp::infer: {} feature values are not a whole number of "
                    "{}-feature rows",
                    features.size(), in));
  }
  const auto n = static_cast<Eigen::Index>(features.size() / in);
  if (probabilities.size() != static_cast<std::size_t>(n) * kNumClasses) {
    throw std::invalid_argument(fmt::format(
        "Mlp::infer: {} rows of features but room for {} probabilities (need "
        "{})",
        n, probabilities.size(), static_cast<std::size_t>(n) * kNumClasses));
  }
  ml::infer(
      *this, ConstBatchMap(features.data(), n, static_cast<Eigen::Index>(in)),
      BatchMap(probabilities.data(), n, static_cast<Eigen::Index>(kNumClasses)),
      workspace, isa);
}

}  // namespace marketbench::ml
