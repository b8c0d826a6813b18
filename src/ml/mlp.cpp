#include "marketbench/ml/mlp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "marketbench/core/random.hpp"
#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {

namespace {

[[noreturn]] void invalid(const std::string& what) {
  throw std::invalid_argument("Mlp: " + what);
}

}  // namespace

Mlp::Mlp(std::vector<DenseLayer> layers, FeatureNormalisation normalisation) {
  auto parameters = std::make_shared<MlpParameters>(
      MlpParameters{std::move(layers), std::move(normalisation), {}});
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

void infer(const Mlp& model, ConstBatchMap features, BatchMap probabilities,
           InferenceWorkspace& workspace, KernelIsa isa) {
  const MlpParameters& parameters = model.parameters();
  const std::vector<DenseLayer>& layers_ = parameters.layers;
  const std::size_t workspace_width_ = model.workspace_width();
  const auto n = static_cast<std::size_t>(features.rows());
  const std::size_t in = model.inputs();
  if (static_cast<std::size_t>(features.cols()) != in) {
    throw std::invalid_argument(
        fmt::format("Mlp::infer: features have {} columns, the model takes {}",
                    features.cols(), in));
  }
  if (static_cast<std::size_t>(probabilities.rows()) != n ||
      static_cast<std::size_t>(probabilities.cols()) != kNumClasses) {
    throw std::invalid_argument(fmt::format(
        "Mlp::infer: probabilities are {} x {}, need {} x {}",
        probabilities.rows(), probabilities.cols(), n, kNumClasses));
  }
  if (n > workspace.max_batch() || workspace_width_ > workspace.max_width()) {
    throw std::invalid_argument(fmt::format(
        "Mlp::infer: a batch of {} rows {} wide does not fit the workspace "
        "(max_batch {}, max_width {})",
        n, workspace_width_, workspace.max_batch(), workspace.max_width()));
  }
  if (n == 0) return;

  // Normalise into buffer 0, flagging non-finite inputs with integer tests
  // (an all-ones exponent) so the loop stays vectorisable.
  const float* x = features.data();
  float* a = workspace.buffer(0);
  const float* mean = parameters.normalisation.mean.data();
  const float* inv = parameters.inv_stddev.data();
  std::uint32_t non_finite = 0;
  for (std::size_t i = 0; i < n * in; i += in) {
    for (std::size_t k = 0; k < in; ++k) {
      const float v = x[i + k];
      non_finite |= static_cast<std::uint32_t>(
          (std::bit_cast<std::uint32_t>(v) & 0x7f800000u) == 0x7f800000u);
      a[i + k] = (v - mean[k]) * inv[k];
    }
  }
  if (non_finite != 0) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!features.row(static_cast<Eigen::Index>(i)).allFinite()) {
        throw std::invalid_argument(fmt::format(
            "Mlp::infer: feature row {} has a non-finite value", i));
      }
    }
  }

  int current = 0;
  for (std::size_t l = 0; l + 1 < layers_.size(); ++l) {
    const DenseLayer& layer = layers_[l];
    const auto rows = static_cast<Eigen::Index>(n);
    ConstBatchMap input(workspace.buffer(current), rows, layer.weights.rows());
    BatchMap output(workspace.buffer(1 - current), rows, layer.weights.cols());
    dense_forward(isa, input, layer.weights, layer.bias, /*relu=*/true, output);
    current = 1 - current;
  }
  const DenseLayer& last = layers_.back();
  dense_forward(
      isa,
      ConstBatchMap(workspace.buffer(current), static_cast<Eigen::Index>(n),
                    last.weights.rows()),
      last.weights, last.bias, /*relu=*/false, probabilities);
  softmax_rows(probabilities);

  // Finite weights and features can still overflow to infinite logits (huge
  // weights from a file, extreme features); say so rather than hand out NaNs.
  const float* p = probabilities.data();
  std::uint32_t overflow = 0;
  for (std::size_t i = 0; i < n * kNumClasses; ++i) {
    overflow |= static_cast<std::uint32_t>(
        (std::bit_cast<std::uint32_t>(p[i]) & 0x7f800000u) == 0x7f800000u);
  }
  if (overflow != 0) {
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
