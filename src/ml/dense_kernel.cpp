#include "ml/dense_kernel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <utility>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define MB_KERNEL_AVX2 1
#endif
#if defined(__AVX512F__)
#define MB_KERNEL_AVX512 1
#endif

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

#if defined(MB_KERNEL_AVX2) || defined(MB_KERNEL_AVX512)

struct Layer {
  const float* x;
  std::size_t n;
  std::size_t in;
  const float* w;
  std::size_t out;
  const float* bias;
  bool relu;
  float* y;
};

// One register block: R rows x V vectors of outputs. Narrow blocks give each
// output C = S::chains_for(V) accumulators (input k goes to chain k % C, the
// first starting at the bias, summed at the end), so that a single row still
// has enough independent FMA chains to hide the FMA latency. The order of
// operations for an output depends only on the layer, never on R: a sample's
// result does not depend on the batch it is in. Full says the last vector is
// whole (no masked loads/stores).
template <class S, int R, int V, bool Full>
void block(const Layer& a, std::size_t row, std::size_t col,
           std::size_t tail_cols) {
  using Vec = typename S::Vec;
  constexpr int L = S::kLanes;
  constexpr int C = S::chains_for(V);
  const auto mask = S::tail_mask(tail_cols);
  auto load = [&](const float* p, int v) {
    if (Full || v < V - 1) return S::load(p);
    return S::load_masked(p, mask);
  };
  auto store = [&](float* p, Vec value, int v) {
    if (Full || v < V - 1) {
      S::store(p, value);
    } else {
      S::store_masked(p, mask, value);
    }
  };

  Vec acc[C][R][V];
#pragma GCC unroll 8
  for (int v = 0; v < V; ++v) {
    const Vec b = load(a.bias + col + std::ptrdiff_t{v} * L, v);
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      acc[0][r][v] = b;
#pragma GCC unroll 4
      for (int c = 1; c < C; ++c) acc[c][r][v] = S::zero();
    }
  }
  auto step = [&](Vec(&chain)[R][V], std::size_t k) {
    const float* w = a.w + k * a.out + col;
    Vec wv[V];
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) wv[v] = load(w + std::ptrdiff_t{v} * L, v);
    const float* x = a.x + row * a.in + k;
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      const Vec xb = S::broadcast(x[r * a.in]);
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) chain[r][v] = S::fma(xb, wv[v], chain[r][v]);
    }
  };
  std::size_t k = 0;
  for (; k + C <= a.in; k += C) {
#pragma GCC unroll 4
    for (int c = 0; c < C; ++c) step(acc[c], k + static_cast<std::size_t>(c));
  }
#pragma GCC unroll 4
  for (int c = 0; c + 1 < C;
       ++c) {  // compile-time chain indices keep acc in registers
    if (k + static_cast<std::size_t>(c) < a.in)
      step(acc[c], k + static_cast<std::size_t>(c));
  }

  float* y = a.y + row * a.out + col;
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) {
      Vec sum = acc[0][r][v];
#pragma GCC unroll 4
      for (int c = 1; c < C; ++c) sum = S::add(sum, acc[c][r][v]);
      store(y + r * a.out + std::ptrdiff_t{v} * L, a.relu ? S::relu(sum) : sum,
            v);
    }
  }
}

using BlockFn = void (*)(const Layer&, std::size_t, std::size_t, std::size_t);

// table[v - 1][r - 1][full] for every block shape the ISA uses (nullptr for
// more rows than its register budget allows for that width).
template <class S>
struct BlockTable {
  static constexpr int kMaxRows = [] {
    int rows = 0;
    for (int v = 1; v <= S::kMaxVecs; ++v)
      rows = std::max(rows, S::rows_for(v));
    return rows;
  }();
  std::array<std::array<std::array<BlockFn, 2>, kMaxRows>, S::kMaxVecs> fns{};

  template <int V, int R>
  constexpr void fill_one() {
    if constexpr (R <= S::rows_for(V)) {
      fns[V - 1][R - 1][0] = &block<S, R, V, false>;
      fns[V - 1][R - 1][1] = &block<S, R, V, true>;
    }
  }
  template <int V, int... Rs>
  constexpr void fill_rows(std::integer_sequence<int, Rs...>) {
    (fill_one<V, Rs + 1>(), ...);
  }
  template <int... Vs>
  constexpr void fill(std::integer_sequence<int, Vs...>) {
    (fill_rows<Vs + 1>(std::make_integer_sequence<int, kMaxRows>{}), ...);
  }
  constexpr BlockTable() {
    fill(std::make_integer_sequence<int, S::kMaxVecs>{});
  }
};

template <class S>
void dense_simd(const Layer& a) {
  static constexpr BlockTable<S> table;
  constexpr std::size_t L = S::kLanes;
  constexpr std::size_t kBlockCols = L * S::kMaxVecs;
  for (std::size_t col = 0; col < a.out; col += kBlockCols) {
    const std::size_t cols = std::min(kBlockCols, a.out - col);
    const std::size_t vecs = (cols + L - 1) / L;
    const std::size_t tail = cols - (vecs - 1) * L;
    const int full = tail == L ? 1 : 0;
    const auto rows =
        static_cast<std::size_t>(S::rows_for(static_cast<int>(vecs)));
    const BlockFn whole = table.fns[vecs - 1][rows - 1][full];
    std::size_t row = 0;
    for (; row + rows <= a.n; row += rows) whole(a, row, col, tail);
    if (row < a.n) table.fns[vecs - 1][a.n - row - 1][full](a, row, col, tail);
  }
}

#endif  // any SIMD kernel

#ifdef MB_KERNEL_AVX2
// 16 ymm registers: rows x vectors x chains <= 12 accumulators, plus the
// weight vectors and a broadcast. Blocks: 6 rows x 16 columns; narrow
// layers 6 rows x 8 columns x 2 chains.
struct Avx2 {
  using Vec = __m256;
  using Mask = __m256i;
  static constexpr int kLanes = 8;
  static constexpr int kMaxVecs = 2;
  static constexpr int chains_for(int vecs) { return vecs == 2 ? 1 : 2; }
  static constexpr int rows_for(int vecs) {
    return 12 / (vecs * chains_for(vecs));
  }
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
  static Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm256_add_ps(a, b); }
  static Vec zero() { return _mm256_setzero_ps(); }
  static Vec relu(Vec v) { return _mm256_max_ps(v, _mm256_setzero_ps()); }
};
#endif

#ifdef MB_KERNEL_AVX512
// 32 zmm registers: rows x vectors x chains <= 24 accumulators, plus up to 4
// weight vectors and a broadcast. Shapes chosen by measurement on Zen 4 (one
// zmm FMA per cycle, latency 4): 6 rows x 64 columns for wide layers, 12 x 32,
// and for the 3-class output layer (one masked vector) 6 rows x 4 chains, so a
// lone row is not left waiting on a single FMA chain.
struct Avx512 {
  using Vec = __m512;
  using Mask = __mmask16;
  static constexpr int kLanes = 16;
  static constexpr int kMaxVecs = 4;
  static constexpr int chains_for(int vecs) { return vecs == 1 ? 4 : 1; }
  static constexpr int rows_for(int vecs) {
    return vecs == 4 ? 6 : vecs == 3 ? 8 : vecs == 2 ? 12 : 6;
  }
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
  static Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm512_add_ps(a, b); }
  static Vec zero() { return _mm512_setzero_ps(); }
  // The masked form: GCC 12 flags the plain _mm512_max_ps's undefined source as
  // maybe-uninitialized.
  static Vec relu(Vec v) {
    return _mm512_maskz_max_ps(static_cast<__mmask16>(0xFFFF), v,
                               _mm512_setzero_ps());
  }
};
#endif

}  // namespace

std::span<const KernelIsa> compiled_kernel_isas() { return kCompiled; }

KernelIsa best_kernel_isa() { return kCompiled.back(); }

std::string_view kernel_isa_name(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::kEigen:
      return "eigen";
    case KernelIsa::kAvx2:
      return "avx2";
    case KernelIsa::kAvx512:
      return "avx512";
  }
  return "unknown";
}

void dense_forward(KernelIsa isa, const ConstBatchMap& x,
                   const RowMatrixXf& weights, const Eigen::RowVectorXf& bias,
                   bool relu, BatchMap y) {
#if defined(MB_KERNEL_AVX2) || defined(MB_KERNEL_AVX512)
  const Layer layer{x.data(),
                    static_cast<std::size_t>(x.rows()),
                    static_cast<std::size_t>(x.cols()),
                    weights.data(),
                    static_cast<std::size_t>(y.cols()),
                    bias.data(),
                    relu,
                    y.data()};
#endif
  switch (isa) {
#ifdef MB_KERNEL_AVX512
    case KernelIsa::kAvx512:
      dense_simd<Avx512>(layer);
      return;
#endif
#ifdef MB_KERNEL_AVX2
    case KernelIsa::kAvx2:
      dense_simd<Avx2>(layer);
      return;
#endif
    case KernelIsa::kEigen:
      dense_eigen(x, weights, bias, relu, y);
      return;
    default:
      throw std::invalid_argument(fmt::format(
          "dense_forward: kernel '{}' is not compiled into this build",
          kernel_isa_name(isa)));
  }
}

}  // namespace marketbench::ml
