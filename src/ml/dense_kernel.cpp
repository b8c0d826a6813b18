#include "ml/dense_kernel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>

#include "core/enum_names.hpp"
#include "simd_kernels.hpp"
#include "simd_traits.hpp"

namespace marketbench::ml {

// In dense_eigen.cpp (it needs a diagnostic pragma of its own).
void dense_eigen(const ConstBatchMap& x, const RowMatrixXf& weights,
                 const Eigen::RowVectorXf& bias, bool relu, BatchMap y);

namespace {

constexpr std::array kCompiled = {
    KernelIsa::kEigen,
#ifdef MB_KERNEL_AVX2
    KernelIsa::kAvx2,
#endif
#ifdef MB_KERNEL_AVX512
    KernelIsa::kAvx512,
#endif
};

bool compiled(KernelIsa isa) {
  return std::find(kCompiled.begin(), kCompiled.end(), isa) != kCompiled.end();
}

[[noreturn]] void not_compiled(KernelIsa isa) {
  throw std::invalid_argument(
      fmt::format("dense_forward: kernel '{}' is not compiled into this build",
                  kernel_isa_name(isa)));
}

}  // namespace

PackedLayer::PackedLayer(const RowMatrixXf& layer_weights,
                         const Eigen::RowVectorXf& layer_bias)
    : in(static_cast<std::size_t>(layer_weights.rows())),
      out(static_cast<std::size_t>(layer_weights.cols())),
      padded_out((out + kPadCols - 1) / kPadCols * kPadCols),
      padded_in((in + kPadCols - 1) / kPadCols * kPadCols),
      weights(
          Eigen::VectorXf::Zero(static_cast<Eigen::Index>(in * padded_out))),
      bias(Eigen::VectorXf::Zero(static_cast<Eigen::Index>(padded_out))) {
  for (std::size_t panel = 0; panel < padded_out; panel += kPanelCols) {
    const std::size_t width = panel_width(panel);
    float* dst = weights.data() + panel * in;
    for (std::size_t k = 0; k < in; ++k) {
      for (std::size_t j = panel; j < std::min(out, panel + width); ++j) {
        dst[k * width + (j - panel)] = layer_weights(
            static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j));
      }
    }
  }
  bias.head(static_cast<Eigen::Index>(out)) = layer_bias.transpose();
  if (!narrow()) return;
  columns = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(out * padded_in));
  for (std::size_t j = 0; j < out; ++j) {
    for (std::size_t k = 0; k < in; ++k) {
      columns[static_cast<Eigen::Index>(j * padded_in + k)] = layer_weights(
          static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j));
    }
  }
  dot_bias = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(kPadCols));
  for (std::size_t q = 0; q < dot_group() * out; ++q) {
    dot_bias[static_cast<Eigen::Index>(q)] =
        layer_bias[static_cast<Eigen::Index>(q % out)];
  }
}

std::span<const KernelIsa> compiled_kernel_isas() { return kCompiled; }

KernelIsa best_kernel_isa() { return kCompiled.back(); }

std::string_view kernel_isa_name(KernelIsa isa) {
  static constexpr auto kNames =
      core::enum_names<KernelIsa>({{KernelIsa::kEigen, "eigen"},
                                   {KernelIsa::kAvx2, "avx2"},
                                   {KernelIsa::kAvx512, "avx512"}});
  return kNames(isa);
}

void dense_forward(KernelIsa isa, const ConstBatchMap& x,
                   const RowMatrixXf& weights, const Eigen::RowVectorXf& bias,
                   bool relu, const BatchMap& y) {
  if (isa == KernelIsa::kEigen) {
    dense_eigen(x, weights, bias, relu, y);
    return;
  }
  dense_forward(isa, x, PackedLayer(weights, bias), relu, y);
}

void dense_forward(KernelIsa isa, const ConstBatchMap& x,
                   const PackedLayer& layer, bool relu, BatchMap y) {
  if (isa == KernelIsa::kEigen) {
    throw std::invalid_argument(
        "dense_forward: the eigen kernel takes the layer unpacked");
  }
  if (!compiled(isa)) not_compiled(isa);
  simd::dense_layer(isa, {x.data(), static_cast<std::size_t>(x.rows()), &layer,
                          relu, y.data(), static_cast<std::size_t>(y.cols())});
}

}  // namespace marketbench::ml
