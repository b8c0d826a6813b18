#pragma once

// The one hot loop of the MLP: a dense layer y = act(x * W + b) over a batch.
// Weights are stored inputs x outputs, row-major, so a batch is a small GEMM
// whose micro-kernel broadcasts one input value and multiplies it into whole
// SIMD vectors of a weight row (register-blocked over rows and columns). The
// SIMD kernels read the weights from a PackedLayer, built once per model.

#include <Eigen/Core>
#include <cstddef>
#include <span>
#include <string_view>

namespace marketbench::ml {

using RowMatrixXf =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// A contiguous, row-major batch (rows = samples).
using BatchMap = Eigen::Map<RowMatrixXf>;
using ConstBatchMap = Eigen::Map<const RowMatrixXf>;

// Which implementation runs a layer. kEigen is Eigen's GEMM (any target);
// kAvx2 / kAvx512 are the hand-blocked FMA kernels, compiled only when the
// build targets that instruction set (-march=native on such a machine).
enum class KernelIsa { kEigen, kAvx2, kAvx512 };

// The kernels this build contains, kEigen first, widest last.
std::span<const KernelIsa> compiled_kernel_isas();
// The widest compiled kernel: what Mlp uses.
KernelIsa best_kernel_isa();
std::string_view kernel_isa_name(KernelIsa isa);

// A layer's weights laid out for the SIMD kernels: the columns cut into
// panels of kPanelCols (the last one zero-padded to a multiple of kPadCols),
// each panel's in x width block contiguous and row-major, and the bias
// zero-padded to padded_out, so that no kernel load needs a mask.
// A narrow layer (out <= kDotMaxOut, e.g. the 3-class output layer) is also
// laid out for the AVX-512 dot-product kernel: each output's weights
// contiguous (`columns`, out rows of padded_in floats), and its bias repeated
// for the dot_group() samples whose outputs fill one vector (`dot_bias`).
struct PackedLayer {
  static constexpr std::size_t kPanelCols = 64;
  static constexpr std::size_t kPadCols = 16;
  static constexpr std::size_t kDotMaxOut = 4;
  std::size_t in = 0;
  std::size_t out = 0;
  std::size_t padded_out = 0;  // out rounded up to kPadCols
  std::size_t padded_in = 0;   // in rounded up to kPadCols
  Eigen::VectorXf weights;     // in * padded_out floats, panel after panel
  Eigen::VectorXf bias;        // padded_out floats
  Eigen::VectorXf columns;     // out * padded_in floats, narrow layers only
  Eigen::VectorXf dot_bias;    // kPadCols floats, narrow layers only

  PackedLayer() = default;
  PackedLayer(const RowMatrixXf& layer_weights,
              const Eigen::RowVectorXf& layer_bias);
  // Width of the panel starting at column `col` (a multiple of kPanelCols).
  std::size_t panel_width(std::size_t col) const {
    return padded_out - col < kPanelCols ? padded_out - col : kPanelCols;
  }
  bool narrow() const { return out > 0 && out <= kDotMaxOut; }
  // Samples per vector of outputs in the dot-product layout (5 for 3 outputs).
  std::size_t dot_group() const { return kPadCols / out; }
};

// y = x * weights + bias, then max(0, .) when relu. x is n x in, weights is
// in x out, bias has out entries, y is n x out (all contiguous row-major);
// y must not alias x. Shapes are the caller's contract (checked by Mlp), not
// re-checked here. The SIMD kernels split each output's sum over k into
// chains_for(width) contiguous segments and add them in a fixed order (the
// AVX-512 dot-product kernel of narrow layers: 16 lanes, then a fixed tree),
// whatever n is, so a sample's result does not depend on the batch it is in.
// This form packs the weights on every call (it allocates; for tests and
// one-off use); the overload below takes them packed and allocates nothing.
void dense_forward(KernelIsa isa, const ConstBatchMap& x,
                   const RowMatrixXf& weights, const Eigen::RowVectorXf& bias,
                   bool relu, const BatchMap& y);
// The same with weights packed once (the form Mlp uses). kEigen is not a
// packed kernel: it throws std::invalid_argument (use the form above).
void dense_forward(KernelIsa isa, const ConstBatchMap& x,
                   const PackedLayer& layer, bool relu, BatchMap y);

}  // namespace marketbench::ml
