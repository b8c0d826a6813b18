// The AVX-512 dot-product kernel of narrow layers (PackedLayer::narrow(), e.g.
// the 3-class output layer). The column kernel (dense_simd.cpp) would spend a
// whole 16-lane FMA per input on 3 useful lanes; here each output is a dot
// product of the input row with that output's contiguous weights, 16 inputs
// per FMA, and the partial sums of a group of samples are reduced together.

#include <array>
#include <cstddef>
#include <utility>

#include "simd_kernels.hpp"
#include "simd_traits.hpp"

namespace marketbench::ml::simd {

#ifdef MB_KERNEL_AVX512

namespace {

constexpr int kLanes = 16;
constexpr auto kMaxOut = static_cast<int>(PackedLayer::kDotMaxOut);

__mmask16 first(std::size_t count) {
  return count >= 16 ? static_cast<__mmask16>(0xFFFF)
                     : static_cast<__mmask16>((1u << count) - 1u);
}

// Each output's sum: lane i of a vector accumulates x[i + 16 m] * w[i + 16 m]
// over m in order (a multiply, then FMAs), then the 16 lanes are added by a
// fixed tree -- lane i + 8, then + 4, + 2, + 1 -- then the bias. The tree
// reduces up to 16 vectors at once (one sum per (sample, output) of a group),
// each level adding the two halves of a pair of vectors; which vectors share
// a register does not change any addition, so a sample's outputs are the same
// bits in any group, i.e. whatever its batch.
// The maskz forms throughout: GCC 12 flags the plain forms' undefined source
// operand as uninitialized.
constexpr __mmask16 kAll = 0xFFFF;

template <int Imm1, int Imm2>
__m512 combine_quads(__m512 a, __m512 b) {
  return _mm512_add_ps(_mm512_maskz_shuffle_f32x4(kAll, a, b, Imm1),
                       _mm512_maskz_shuffle_f32x4(kAll, a, b, Imm2));
}
template <int Imm1, int Imm2>
__m512 combine_pairs(__m512 a, __m512 b) {
  return _mm512_add_ps(_mm512_maskz_shuffle_ps(kAll, a, b, Imm1),
                       _mm512_maskz_shuffle_ps(kAll, a, b, Imm2));
}

// One level of the tree over N vectors: pair (2i, 2i + 1) becomes vector i
// (an absent partner is zero).
template <int N, class Combine>
void level(__m512 (&v)[16], Combine combine) {
  constexpr std::size_t kCount = N;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < (kCount + 1) / 2; ++i) {
    v[i] = combine(v[2 * i],
                   2 * i + 1 < kCount ? v[2 * i + 1] : _mm512_setzero_ps());
  }
}

// The sums of v[0..N) in lanes 0..N. After the four levels, lane 4l + m holds
// the sum of vector l + 4m; a permutation puts sum q in lane q.
template <int N>
__m512 reduce(__m512 (&v)[16]) {
  // Level 1: lanes i + 8 onto i (two vectors' halves per register).
  level<N>(v, combine_quads<0x44, 0xEE>);
  // Level 2: 128-bit quarters 1 onto 0 (four vectors' quarters per register).
  level<(N + 1) / 2>(v, combine_quads<0x88, 0xDD>);
  // Levels 3 and 4, inside each 128-bit quarter: lanes + 2, then + 1.
  level<(N + 3) / 4>(v, combine_pairs<0x44, 0xEE>);
  level<(N + 7) / 8>(v, combine_pairs<0x88, 0xDD>);
  const __m512i order =
      _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  return _mm512_maskz_permutexvar_ps(kAll, order, v[0]);
}

// S samples from `row` (S <= dot_group()), Out outputs each.
template <int Out, int S>
void group(const LayerArgs& a, std::size_t row) {
  const PackedLayer& layer = *a.layer;
  const std::size_t in = layer.in;
  const float* x = a.x + row * in;
  const float* w = layer.columns.data();
  __m512 acc[16];
  __mmask16 m = first(in);
  {
    __m512 wv[Out];
#pragma GCC unroll 8
    for (int j = 0; j < Out; ++j)
      wv[j] = _mm512_loadu_ps(w + j * layer.padded_in);
#pragma GCC unroll 16
    for (int s = 0; s < S; ++s) {
      const __m512 xv = _mm512_maskz_loadu_ps(m, x + s * in);
#pragma GCC unroll 8
      for (int j = 0; j < Out; ++j) acc[s * Out + j] = _mm512_mul_ps(xv, wv[j]);
    }
  }
  for (std::size_t k = kLanes; k < in; k += kLanes) {
    m = first(in - k);
    __m512 wv[Out];
#pragma GCC unroll 8
    for (int j = 0; j < Out; ++j)
      wv[j] = _mm512_loadu_ps(w + j * layer.padded_in + k);
#pragma GCC unroll 16
    for (int s = 0; s < S; ++s) {
      const __m512 xv = _mm512_maskz_loadu_ps(m, x + s * in + k);
#pragma GCC unroll 8
      for (int j = 0; j < Out; ++j)
        acc[s * Out + j] = _mm512_fmadd_ps(xv, wv[j], acc[s * Out + j]);
    }
  }
  __m512 sums = _mm512_add_ps(reduce<S * Out>(acc),
                              _mm512_loadu_ps(layer.dot_bias.data()));
  if (a.relu) {
    sums = _mm512_maskz_max_ps(kAll, sums, _mm512_setzero_ps());
  }
  _mm512_mask_storeu_ps(a.y + row * Out,
                        first(static_cast<std::size_t>(S) * Out), sums);
}

using GroupFn = void (*)(const LayerArgs&, std::size_t);

// table[out - 1][samples - 1] for every group shape.
struct GroupTable {
  std::array<std::array<GroupFn, kLanes>, kMaxOut> fns{};

  template <int Out, int... Ss>
  constexpr void fill(std::integer_sequence<int, Ss...>) {
    ((fns[Out - 1][Ss] = &group<Out, Ss + 1>), ...);
  }
  template <int... Outs>
  constexpr void fill_all(std::integer_sequence<int, Outs...>) {
    (fill<Outs + 1>(std::make_integer_sequence<int, kLanes / (Outs + 1)>{}),
     ...);
  }
  constexpr GroupTable() {
    fill_all(std::make_integer_sequence<int, kMaxOut>{});
  }
};

}  // namespace

void dense_dot_avx512(const LayerArgs& a) {
  static constexpr GroupTable table;
  const PackedLayer& layer = *a.layer;
  const std::size_t per_group = layer.dot_group();
  const auto& fns = table.fns[layer.out - 1];
  std::size_t row = 0;
  for (; row + per_group <= a.n; row += per_group) fns[per_group - 1](a, row);
  if (row < a.n) fns[a.n - row - 1](a, row);
}

#endif  // MB_KERNEL_AVX512

}  // namespace marketbench::ml::simd
