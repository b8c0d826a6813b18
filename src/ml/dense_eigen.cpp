// GCC 12 reports -Wmaybe-uninitialized inside its own AVX-512 intrinsics
// (_mm512_undefined_ps) when Eigen's GEMM kernels inline them; a false
// positive. The pragma must precede every include to cover those header
// locations, which is why this fallback lives in a file of its own.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "ml/dense_kernel.hpp"

namespace marketbench::ml {

void dense_eigen(const ConstBatchMap& x, const RowMatrixXf& weights,
                 const Eigen::RowVectorXf& bias, bool relu, BatchMap y) {
  y.noalias() = x * weights;
  y.rowwise() += bias;
  if (relu) y = y.cwiseMax(0.0f);
}

}  // namespace marketbench::ml
