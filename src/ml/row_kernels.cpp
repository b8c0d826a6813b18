// The per-row passes around the layers: feature normalisation and the
// 3-class softmax, vectorised with AVX-512 (16 rows at a time for the
// softmax), scalar elsewhere.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "marketbench/ml/prediction.hpp"
#include "ml/mlp_parameters.hpp"
#include "simd_kernels.hpp"
#include "simd_traits.hpp"

namespace marketbench::ml::simd {

namespace {

bool non_finite(float v) {
  return (std::bit_cast<std::uint32_t>(v) & 0x7f800000u) == 0x7f800000u;
}

bool normalise_scalar(const float* x, std::size_t n, std::size_t in,
                      const float* mean, const float* inv, float* out) {
  std::uint32_t bad = 0;
  for (std::size_t i = 0; i < n * in; i += in) {
    for (std::size_t k = 0; k < in; ++k) {
      const float v = x[i + k];
      bad |= static_cast<std::uint32_t>(non_finite(v));
      out[i + k] = (v - mean[k]) * inv[k];
    }
  }
  return bad != 0;
}

bool softmax_scalar(float* p, std::size_t n) {
  softmax_rows(BatchMap(p, static_cast<Eigen::Index>(n),
                        static_cast<Eigen::Index>(kNumClasses)));
  std::uint32_t bad = 0;
  for (std::size_t i = 0; i < n * kNumClasses; ++i)
    bad |= static_cast<std::uint32_t>(non_finite(p[i]));
  return bad != 0;
}

#ifdef MB_KERNEL_AVX512

__mmask16 first(std::size_t count) {
  return count >= 16 ? static_cast<__mmask16>(0xFFFF)
                     : static_cast<__mmask16>((1u << count) - 1u);
}

// Rows of up to 16 * V features: mean, 1 / stddev and the tail mask are
// loaded once per call, not once per row.
template <int V>
bool normalise_avx512_held(const float* x, std::size_t n, std::size_t in,
                           const float* mean, const float* inv, float* out) {
  const __m512i exponent = _mm512_set1_epi32(0x7f800000);
  __mmask16 m[V];
  __m512 mv[V], iv[V];
#pragma GCC unroll 4
  for (int v = 0; v < V; ++v) {
    const std::size_t lo = 16 * static_cast<std::size_t>(v);
    m[v] = first(in - lo);
    mv[v] = _mm512_maskz_loadu_ps(m[v], mean + lo);
    iv[v] = _mm512_maskz_loadu_ps(m[v], inv + lo);
  }
  __mmask16 bad = 0;
  for (std::size_t i = 0; i < n * in; i += in) {
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) {
      const std::size_t at = i + 16 * static_cast<std::size_t>(v);
      const __m512 x_v = _mm512_maskz_loadu_ps(m[v], x + at);
      const __m512i e = _mm512_and_si512(_mm512_castps_si512(x_v), exponent);
      bad |= _mm512_mask_cmpeq_epi32_mask(m[v], e, exponent);
      _mm512_mask_storeu_ps(out + at, m[v],
                            _mm512_mul_ps(_mm512_sub_ps(x_v, mv[v]), iv[v]));
    }
  }
  return bad != 0;
}

// Wider rows: the same operations, mean and 1 / stddev loaded per row.
bool normalise_avx512_wide(const float* x, std::size_t n, std::size_t in,
                           const float* mean, const float* inv, float* out) {
  const __m512i exponent = _mm512_set1_epi32(0x7f800000);
  __mmask16 bad = 0;
  for (std::size_t i = 0; i < n * in; i += in) {
    for (std::size_t k = 0; k < in; k += 16) {
      const __mmask16 m = first(in - k);
      const __m512 v = _mm512_maskz_loadu_ps(m, x + i + k);
      const __m512i e = _mm512_and_si512(_mm512_castps_si512(v), exponent);
      bad |= _mm512_mask_cmpeq_epi32_mask(m, e, exponent);
      const __m512 centred =
          _mm512_sub_ps(v, _mm512_maskz_loadu_ps(m, mean + k));
      _mm512_mask_storeu_ps(
          out + i + k, m,
          _mm512_mul_ps(centred, _mm512_maskz_loadu_ps(m, inv + k)));
    }
  }
  return bad != 0;
}

bool normalise_avx512(const float* x, std::size_t n, std::size_t in,
                      const float* mean, const float* inv, float* out) {
  switch ((in + 15) / 16) {
    case 1:
      return normalise_avx512_held<1>(x, n, in, mean, inv, out);
    case 2:
      return normalise_avx512_held<2>(x, n, in, mean, inv, out);
    case 3:
      return normalise_avx512_held<3>(x, n, in, mean, inv, out);
    case 4:
      return normalise_avx512_held<4>(x, n, in, mean, inv, out);
    default:
      return normalise_avx512_wide(x, n, in, mean, inv, out);
  }
}

// e^x for x <= 0 (and NaN, which stays NaN): x = n ln2 + r, |r| <= ln2 / 2,
// e^r by its Taylor series to r^7 (relative error < 1e-8 before rounding),
// scaled by 2^n with vscalefps (exact, gradual underflow to 0).
constexpr __mmask16 kAll = 0xFFFF;

// The maskz forms throughout: GCC 12 flags the plain forms' undefined source
// operand as maybe-uninitialized.
__m512 max(__m512 a, __m512 b) { return _mm512_maskz_max_ps(kAll, a, b); }

__m512 exp_nonpositive(__m512 x) {
  x = max(_mm512_set1_ps(-150.0f), x);  // keeps a NaN x
  const __m512 n = _mm512_maskz_roundscale_ps(
      kAll, _mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  // Estrin's scheme (three dependent FMAs rather than Horner's seven: a
  // single row's softmax is latency-bound).
  const __m512 r2 = _mm512_mul_ps(r, r);
  const __m512 r4 = _mm512_mul_ps(r2, r2);
  const __m512 p01 = _mm512_add_ps(r, _mm512_set1_ps(1.0f));
  const __m512 p23 =
      _mm512_fmadd_ps(r, _mm512_set1_ps(1.0f / 6.0f), _mm512_set1_ps(0.5f));
  const __m512 p45 = _mm512_fmadd_ps(r, _mm512_set1_ps(1.0f / 120.0f),
                                     _mm512_set1_ps(1.0f / 24.0f));
  const __m512 p67 = _mm512_fmadd_ps(r, _mm512_set1_ps(1.0f / 5040.0f),
                                     _mm512_set1_ps(1.0f / 720.0f));
  const __m512 p03 = _mm512_fmadd_ps(p23, r2, p01);
  const __m512 p47 = _mm512_fmadd_ps(p67, r2, p45);
  return _mm512_maskz_scalef_ps(kAll, _mm512_fmadd_ps(p47, r4, p03), n);
}

// Permutation indices between 16 interleaved rows (3 vectors of 48 floats)
// and one vector per class.
struct Shuffles {
  __m512i gather_ab[3];   // class j from vectors 0 and 1
  __m512i gather_c[3];    // ... completed from vector 2
  __m512i scatter_01[3];  // output vector q from classes 0, 1
  __m512i scatter_2[3];   // ... completed from class 2
};

const Shuffles& shuffles() {
  static const Shuffles s = [] {
    Shuffles t{};
    for (int j = 0; j < 3; ++j) {
      alignas(64) int ab[16], c[16], s01[16], s2[16];
      for (int i = 0; i < 16; ++i) {
        const int pos = 3 * i + j;  // row i, class j, in the 48 floats
        ab[i] = pos < 32 ? pos : 0;
        c[i] = pos < 32 ? i : 16 + (pos - 32);
        const int q = 16 * j + i;  // output vector j, lane i
        const int row = q / 3, cls = q % 3;
        s01[i] = cls == 0 ? row : cls == 1 ? 16 + row : 0;
        s2[i] = cls == 2 ? 16 + row : i;
      }
      t.gather_ab[j] = _mm512_load_si512(ab);
      t.gather_c[j] = _mm512_load_si512(c);
      t.scatter_01[j] = _mm512_load_si512(s01);
      t.scatter_2[j] = _mm512_load_si512(s2);
    }
    return t;
  }();
  return s;
}

// One row in the low lanes of a vector, with the same operations per value
// as the 16-row form below (so a row's bits do not depend on its batch).
bool softmax_one_avx512(float* p) {
  const __m128 v =
      _mm_mask_loadu_ps(_mm_set1_ps(-INFINITY), static_cast<__mmask8>(7), p);
  __m128 top = _mm_max_ps(v, _mm_permute_ps(v, 0xB1));  // lanes 1,0,3,2
  top = _mm_max_ps(top, _mm_permute_ps(top, 0x4E));     // lanes 2,3,0,1
  const __m128 e = _mm512_maskz_extractf32x4_ps(
      static_cast<__mmask8>(0xF),
      exp_nonpositive(_mm512_zextps128_ps512(_mm_sub_ps(v, top))), 0);
  __m128 sum = _mm_add_ps(e, _mm_permute_ps(e, 0xB1));  // e0+e1, e2+0
  sum = _mm_add_ps(sum, _mm_permute_ps(sum, 0x4E));     // (e0+e1)+e2
  const __m128 out = _mm_div_ps(e, sum);
  _mm_mask_storeu_ps(p, static_cast<__mmask8>(7), out);
  return _mm_mask_cmp_ps_mask(static_cast<__mmask8>(7), _mm_sub_ps(out, out),
                              _mm_setzero_ps(), _CMP_UNORD_Q) != 0;
}

bool softmax_avx512(float* p, std::size_t n) {
  bool bad_row = false;
  const std::size_t whole = n - n % 16;
  for (std::size_t row = whole; row < n; ++row)
    bad_row |= softmax_one_avx512(p + 3 * row);
  if (whole == 0) return bad_row;
  const Shuffles& s = shuffles();
  __mmask16 bad = 0;
  for (std::size_t row = 0; row < whole; row += 16) {
    const std::size_t floats = 48;
    float* base = p + 3 * row;
    __mmask16 m[3];
    __m512 in[3];
    for (int q = 0; q < 3; ++q) {
      const std::size_t done = 16 * static_cast<std::size_t>(q);
      m[q] = floats > done ? first(floats - done) : 0;
      in[q] = _mm512_maskz_loadu_ps(m[q], base + done);
    }
    __m512 cls[3];
    for (int j = 0; j < 3; ++j) {
      cls[j] = _mm512_permutex2var_ps(
          _mm512_permutex2var_ps(in[0], s.gather_ab[j], in[1]), s.gather_c[j],
          in[2]);
    }
    const __m512 top = max(max(cls[0], cls[1]), cls[2]);
    for (int j = 0; j < 3; ++j)
      cls[j] = exp_nonpositive(_mm512_sub_ps(cls[j], top));
    const __m512 sum = _mm512_add_ps(_mm512_add_ps(cls[0], cls[1]), cls[2]);
    for (int j = 0; j < 3; ++j) cls[j] = _mm512_div_ps(cls[j], sum);
    for (int q = 0; q < 3; ++q) {
      const __m512 v = _mm512_permutex2var_ps(
          _mm512_permutex2var_ps(cls[0], s.scatter_01[q], cls[1]),
          s.scatter_2[q], cls[2]);
      // Non-finite: v - v is NaN.
      bad |= _mm512_mask_cmp_ps_mask(m[q], _mm512_sub_ps(v, v),
                                     _mm512_setzero_ps(), _CMP_UNORD_Q);
      _mm512_mask_storeu_ps(base + 16 * static_cast<std::size_t>(q), m[q], v);
    }
  }
  return bad != 0 || bad_row;
}

#endif  // MB_KERNEL_AVX512

}  // namespace

bool normalise_rows(KernelIsa isa, const float* x, std::size_t n,
                    std::size_t in, const float* mean, const float* inv_stddev,
                    float* out) {
#ifdef MB_KERNEL_AVX512
  if (isa == KernelIsa::kAvx512)
    return normalise_avx512(x, n, in, mean, inv_stddev, out);
#endif
  (void)isa;
  return normalise_scalar(x, n, in, mean, inv_stddev, out);
}

bool softmax3_rows(KernelIsa isa, float* p, std::size_t n) {
#ifdef MB_KERNEL_AVX512
  if (isa == KernelIsa::kAvx512) return softmax_avx512(p, n);
#endif
  (void)isa;
  return softmax_scalar(p, n);
}

}  // namespace marketbench::ml::simd
