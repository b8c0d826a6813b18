// The register-blocked dense-layer kernels (AVX2 and AVX-512).

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

#include "simd_kernels.hpp"
#include "simd_traits.hpp"

namespace marketbench::ml::simd {

#if defined(MB_KERNEL_AVX2) || defined(MB_KERNEL_AVX512)

namespace {

// One column block of a layer: `vecs` vectors starting at column `col`,
// weights at w with row stride w_stride (the panel width).
struct Block {
  const LayerArgs* a;
  const float* w;
  std::size_t w_stride;
  std::size_t col;
  std::size_t tail_cols;  // valid columns in the last vector
};

// Each output's sum over k runs in C = S::chains_for(V) chains, chain c over
// the contiguous inputs [c * seg, min(in, (c + 1) * seg)), chain 0 starting
// at the bias and the others at 0; the chains are then added left to right.
// A block of R rows keeps G chains in registers at once (G divides C, R * V
// * G <= S::kAccumulators) and carries the running sum of one group of
// chains to the next through y. The operations on an output, in order, do
// not depend on R or G: a sample's result does not depend on its batch.
template <class S, int R, int V>
constexpr int group_for() {
  constexpr int c = S::chains_for(V);
  int g = c;
  while (g > 1 && (R * V * g > S::kAccumulators || c % g != 0)) --g;
  return g;
}

template <class S, int R, int V, bool Full>
void block(const Block& b, std::size_t row) {
  using Vec = typename S::Vec;
  constexpr std::size_t L = S::kLanes;
  constexpr int C = S::chains_for(V);
  constexpr int G = group_for<S, R, V>();
  const LayerArgs& a = *b.a;
  const std::size_t in = a.layer->in;
  const std::size_t seg = (in + C - 1) / C;
  const auto mask = S::tail_mask(b.tail_cols);
  const float* bias = a.layer->bias.data() + b.col;
  const float* xrow = a.x + row * in;
  float* y = a.y + row * a.y_stride + b.col;

  auto step = [&](Vec(&chain)[R][V], std::size_t k) {
    const float* w = b.w + k * b.w_stride;
    Vec wv[V];
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) wv[v] = S::load(w + v * L);
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      const Vec xb = S::broadcast(xrow[static_cast<std::size_t>(r) * in + k]);
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) chain[r][v] = S::fma(xb, wv[v], chain[r][v]);
    }
  };
  // A lone row (a GEMV) reads each weight once and is bound by loads: its
  // inputs come 4 at a time (one load) and are spread by shuffles.
  auto step4 = [&](Vec(&chain)[R][V], std::size_t k) {
    const Vec x4 = S::broadcast4(xrow + k);
    const Vec xb[4] = {S::template splat<0>(x4), S::template splat<1>(x4),
                       S::template splat<2>(x4), S::template splat<3>(x4)};
#pragma GCC unroll 4
    for (int q = 0; q < 4; ++q) {
      const float* w = b.w + (k + q) * b.w_stride;
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v)
        chain[0][v] = S::fma(xb[q], S::load(w + v * L), chain[0][v]);
    }
  };
  auto length = [&](int c) {
    const std::size_t start = static_cast<std::size_t>(c) * seg;
    return start >= in ? std::size_t{0} : std::min(seg, in - start);
  };

#pragma GCC unroll 8
  for (int g0 = 0; g0 < C; g0 += G) {
    Vec acc[G][R][V];
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) {
      const Vec init = g0 == 0 ? S::load(bias + v * L) : S::zero();
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        acc[0][r][v] = init;
#pragma GCC unroll 8
        for (int j = 1; j < G; ++j) acc[j][r][v] = S::zero();
      }
    }
    const std::size_t common = length(g0 + G - 1);  // lengths never grow
    std::size_t i = 0;
    if constexpr (R == 1) {
      for (; i + 4 <= common; i += 4) {
#pragma GCC unroll 8
        for (int j = 0; j < G; ++j) step4(acc[j], (g0 + j) * seg + i);
      }
    }
    for (; i < common; ++i) {
#pragma GCC unroll 8
      for (int j = 0; j < G; ++j) step(acc[j], (g0 + j) * seg + i);
    }
    for (; i < seg; ++i) {
#pragma GCC unroll 8
      for (int j = 0; j < G; ++j) {
        if (i < length(g0 + j)) step(acc[j], (g0 + j) * seg + i);
      }
    }
    const bool last = g0 + G == C;
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) {
        float* out = y + static_cast<std::size_t>(r) * a.y_stride + v * L;
        const bool whole = Full || v < V - 1;
        Vec sum = acc[0][r][v];
        if (g0 != 0) {
          sum = S::add(whole ? S::load(out) : S::load_masked(out, mask), sum);
        }
#pragma GCC unroll 8
        for (int j = 1; j < G; ++j) sum = S::add(sum, acc[j][r][v]);
        if (last && a.relu) sum = S::relu(sum);
        if (whole) {
          S::store(out, sum);
        } else {
          S::store_masked(out, mask, sum);
        }
      }
    }
  }
}

using BlockFn = void (*)(const Block&, std::size_t);

// table[v - 1][r - 1][full] for every block shape the ISA uses.
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
void run(const LayerArgs& a) {
  static constexpr BlockTable<S> table;
  constexpr std::size_t L = S::kLanes;
  constexpr std::size_t kBlockCols = L * S::kMaxVecs;
  static_assert(PackedLayer::kPanelCols % kBlockCols == 0);
  const PackedLayer& layer = *a.layer;
  for (std::size_t col = 0; col < layer.out; col += kBlockCols) {
    const std::size_t panel = col - col % PackedLayer::kPanelCols;
    const std::size_t width = layer.panel_width(panel);
    const std::size_t cols = std::min(kBlockCols, layer.out - col);
    const std::size_t vecs = (cols + L - 1) / L;
    const std::size_t tail = cols - (vecs - 1) * L;
    const Block b{&a, layer.weights.data() + panel * layer.in + (col - panel),
                  width, col, tail};
    const int full = tail == L ? 1 : 0;
    const auto rows =
        static_cast<std::size_t>(S::rows_for(static_cast<int>(vecs)));
    const BlockFn whole = table.fns[vecs - 1][rows - 1][full];
    std::size_t row = 0;
    for (; row + rows <= a.n; row += rows) whole(b, row);
    if (row < a.n) table.fns[vecs - 1][a.n - row - 1][full](b, row);
  }
}

}  // namespace

#endif  // any SIMD kernel

void dense_layer(KernelIsa isa, [[maybe_unused]] const LayerArgs& args) {
  switch (isa) {
#ifdef MB_KERNEL_AVX512
    case KernelIsa::kAvx512:
      if (args.layer->narrow() && args.y_stride == args.layer->out) {
        dense_dot_avx512(args);
      } else {
        run<Avx512>(args);
      }
      return;
#endif
#ifdef MB_KERNEL_AVX2
    case KernelIsa::kAvx2:
      run<Avx2>(args);
      return;
#endif
    default:
      return;  // the caller checked the ISA is compiled
  }
}

}  // namespace marketbench::ml::simd
