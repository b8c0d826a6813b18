#pragma once

// The one hot loop of the MLP: a dense layer y = act(x * W + b) over a batch.
// Weights are stored inputs x outputs, row-major, so a batch is a small GEMM
// whose micro-kernel broadcasts one input value and multiplies it into whole
// SIMD vectors of a weight row (register-blocked over rows and columns).

#include <Eigen/Core>
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

// y = x * weights + bias, then max(0, .) when relu. x is n x in, weights is
// in x out, bias has out entries, y is n x out (all contiguous row-major);
// y must not alias x. Shapes are the caller's contract (checked by Mlp), not
// re-checked here. Allocates nothing. The SIMD kernels accumulate every output
// over k in the same order whatever n is, so a sample's result does not
// depend on the batch it is in.
void dense_forward(KernelIsa isa, const ConstBatchMap& x,
                   const RowMatrixXf& weights, const Eigen::RowVectorXf& bias,
                   bool relu, BatchMap y);

}  // namespace marketbench::ml
