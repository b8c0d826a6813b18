#pragma once

// The vector types the SIMD kernels are written against (private to src/ml).
// MB_KERNEL_AVX2 / MB_KERNEL_AVX512 say which ones this build targets.

#include <cstddef>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define MB_KERNEL_AVX2 1
#endif
#if defined(__AVX512F__)
#define MB_KERNEL_AVX512 1
#endif

namespace marketbench::ml::simd {

#ifdef MB_KERNEL_AVX2
// 16 ymm registers: at most 12 accumulators, plus weights and a broadcast.
struct Avx2 {
  using Vec = __m256;
  using Mask = __m256i;
  static constexpr int kLanes = 8;
  static constexpr int kMaxVecs = 2;  // 16 columns per block
  static constexpr int kAccumulators = 12;
  // Independent chains per output vector: enough for one row (a GEMV) to
  // hide the FMA latency.
  static constexpr int chains_for(int vecs) { return vecs == 2 ? 4 : 8; }
  static constexpr int rows_for(int /*vecs*/) { return 6; }
  static Mask tail_mask(std::size_t cols) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(cols)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static Vec load(const float* p) { return _mm256_loadu_ps(p); }
  static Vec load_masked(const float* p, Mask m) {
    return _mm256_maskload_ps(p, m);
  }
  static void store(float* p, Vec v) { _mm256_storeu_ps(p, v); }
  static void store_masked(float* p, Mask m, Vec v) {
    _mm256_maskstore_ps(p, m, v);
  }
  static Vec broadcast(float v) { return _mm256_set1_ps(v); }
  // p[0..3] in every 128-bit lane; splat<j> then spreads p[j] to all lanes.
  static Vec broadcast4(const float* p) {
    return _mm256_broadcast_ps(reinterpret_cast<const __m128*>(p));
  }
  template <int J>
  static Vec splat(Vec v) {
    return _mm256_permute_ps(v, J * 0x55);
  }
  static Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm256_add_ps(a, b); }
  static Vec zero() { return _mm256_setzero_ps(); }
  static Vec relu(Vec v) { return _mm256_max_ps(v, _mm256_setzero_ps()); }
};
#endif

#ifdef MB_KERNEL_AVX512
// 32 zmm registers: at most 24 accumulators, plus up to 4 weight vectors and
// broadcasts. Zen 4 (the development machine) runs one zmm FMA per cycle (two
// 256-bit pipes) at latency 4, so kFmaChains = 4 independent chains keep it
// busy (measured: 1 chain 27 GFLOP/s, 4 chains 109, 8 or 16 chains 112): a
// lone row (a GEMV) splits each output's sum over k into ceil(4 / vectors)
// chains -- 1 for 4 vectors, 2 for 2 or 3, 4 for 1. A block of 6 rows keeps
// every chain in registers (24 accumulators), chosen by measurement. Layers
// of at most PackedLayer::kDotMaxOut outputs use the dot-product kernel
// (dense_dot.cpp) instead.
struct Avx512 {
  using Vec = __m512;
  using Mask = __mmask16;
  static constexpr int kLanes = 16;
  static constexpr int kMaxVecs = 4;  // 64 columns per block
  static constexpr int kAccumulators = 24;
  static constexpr int kFmaChains = 4;
  static constexpr int chains_for(int vecs) {
    return (kFmaChains + vecs - 1) / vecs;
  }
  static constexpr int rows_for(int /*vecs*/) { return 6; }
  static Mask tail_mask(std::size_t cols) {
    return static_cast<Mask>((1u << cols) - 1u);
  }
  static Vec load(const float* p) { return _mm512_loadu_ps(p); }
  static Vec load_masked(const float* p, Mask m) {
    return _mm512_maskz_loadu_ps(m, p);
  }
  static void store(float* p, Vec v) { _mm512_storeu_ps(p, v); }
  static void store_masked(float* p, Mask m, Vec v) {
    _mm512_mask_storeu_ps(p, m, v);
  }
  static Vec broadcast(float v) { return _mm512_set1_ps(v); }
  static Vec broadcast4(const float* p) {
    return _mm512_maskz_broadcast_f32x4(static_cast<__mmask16>(0xFFFF),
                                        _mm_loadu_ps(p));
  }
  template <int J>
  static Vec splat(Vec v) {
    return _mm512_maskz_permute_ps(static_cast<__mmask16>(0xFFFF), v, J * 0x55);
  }
  static Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm512_add_ps(a, b); }
  static Vec zero() { return _mm512_setzero_ps(); }
  // The masked form: GCC 12 flags the plain _mm512_max_ps's undefined source
  // as maybe-uninitialized.
  static Vec relu(Vec v) {
    return _mm512_maskz_max_ps(static_cast<__mmask16>(0xFFFF), v,
                               _mm512_setzero_ps());
  }
};
#endif

}  // namespace marketbench::ml::simd
