#pragma once

// The SIMD kernels behind dense_forward and Mlp::infer (private to src/ml).

#include <cstddef>

#include "ml/dense_kernel.hpp"

namespace marketbench::ml::simd {

// One dense layer over a batch: y = act(x * W + b). x is n x in (row stride
// in), y is n x out (row stride y_stride >= out), W and b come packed.
struct LayerArgs {
  const float* x;
  std::size_t n;
  const PackedLayer* layer;
  bool relu;
  float* y;
  std::size_t y_stride;
};

// isa is kAvx2 or kAvx512 and compiled into this build (the caller checks).
// AVX-512 runs a narrow layer (args.layer->narrow(), y_stride == out) with
// dense_dot_avx512, the others with the register-blocked column kernel.
void dense_layer(KernelIsa isa, const LayerArgs& args);

// The dot-product kernel of a narrow layer (dense_dot.cpp; AVX-512 builds).
void dense_dot_avx512(const LayerArgs& args);

// out[i][k] = (x[i][k] - mean[k]) * inv_stddev[k] for n rows of `in`
// floats; returns whether any x was not finite.
bool normalise_rows(KernelIsa isa, const float* x, std::size_t n,
                    std::size_t in, const float* mean, const float* inv_stddev,
                    float* out);

// In-place softmax of n rows of kNumClasses logits; returns whether any
// result is not finite (the same rows the scalar softmax_rows leaves
// non-finite).
bool softmax3_rows(KernelIsa isa, float* p, std::size_t n);

}  // namespace marketbench::ml::simd
