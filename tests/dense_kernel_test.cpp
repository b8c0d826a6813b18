#include "ml/dense_kernel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "marketbench/core/random.hpp"

namespace marketbench::ml {
namespace {

RowMatrixXf random_matrix(Eigen::Index rows, Eigen::Index cols,
                          core::Xoshiro256StarStar& rng) {
  RowMatrixXf m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i)
    m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

struct Case {
  Eigen::Index n, in, out;
};

// Widths around every vector and block boundary of the kernels (8, 16, 64
// lanes), and narrow layers (1..4 outputs: the AVX-512 dot-product kernel)
// with whole and partial groups of samples.
const std::vector<Case> kCases = {
    {1, 1, 1},    {1, 50, 64},   {2, 64, 32},   {7, 32, 3},   {13, 50, 64},
    {12, 64, 32}, {25, 32, 3},   {5, 17, 15},   {6, 9, 16},   {11, 33, 17},
    {3, 7, 65},   {19, 40, 130}, {24, 100, 48}, {31, 5, 200}, {128, 50, 64},
    {37, 20, 1},  {21, 70, 2},   {9, 16, 4},    {6, 33, 4},   {1, 64, 3}};

TEST(DenseKernel, MatchesNaiveDoubleForEveryCompiledIsa) {
  core::Xoshiro256StarStar rng(11);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    for (const Case& c : kCases) {
      for (const bool relu : {false, true}) {
        const RowMatrixXf x = random_matrix(c.n, c.in, rng);
        const RowMatrixXf w = random_matrix(c.in, c.out, rng);
        const Eigen::RowVectorXf b = random_matrix(1, c.out, rng);
        RowMatrixXf y = RowMatrixXf::Constant(c.n, c.out, -99.0f);
        dense_forward(isa, ConstBatchMap(x.data(), c.n, c.in), w, b, relu,
                      BatchMap(y.data(), c.n, c.out));
        for (Eigen::Index i = 0; i < c.n; ++i) {
          for (Eigen::Index j = 0; j < c.out; ++j) {
            double sum = b[j];
            double magnitude = std::abs(b[j]);
            for (Eigen::Index k = 0; k < c.in; ++k) {
              sum += static_cast<double>(x(i, k)) * w(k, j);
              magnitude += std::abs(static_cast<double>(x(i, k)) * w(k, j));
            }
            const double expected = relu ? std::max(0.0, sum) : sum;
            // float32 accumulation error is relative to the magnitude of the
            // terms summed.
            ASSERT_LE(std::abs(y(i, j) - expected), 1e-5 * magnitude)
                << kernel_isa_name(isa) << " n=" << c.n << " in=" << c.in
                << " out=" << c.out << " at (" << i << ", " << j << ")";
          }
        }
      }
    }
  }
}

TEST(DenseKernel, SimdKernelsGiveEachRowTheSameBitsInAnyBatch) {
  core::Xoshiro256StarStar rng(12);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    if (isa == KernelIsa::kEigen)
      continue;  // Eigen's GEMV and GEMM sum in different orders
    for (const Case& c : kCases) {
      const RowMatrixXf x = random_matrix(c.n, c.in, rng);
      const RowMatrixXf w = random_matrix(c.in, c.out, rng);
      const Eigen::RowVectorXf b = random_matrix(1, c.out, rng);
      RowMatrixXf batch(c.n, c.out);
      dense_forward(isa, ConstBatchMap(x.data(), c.n, c.in), w, b, true,
                    BatchMap(batch.data(), c.n, c.out));
      RowMatrixXf single(1, c.out);
      for (Eigen::Index i = 0; i < c.n; ++i) {
        dense_forward(isa, ConstBatchMap(x.row(i).data(), 1, c.in), w, b, true,
                      BatchMap(single.data(), 1, c.out));
        for (Eigen::Index j = 0; j < c.out; ++j) {
          ASSERT_EQ(batch(i, j), single(0, j))
              << kernel_isa_name(isa) << " row " << i << " col " << j;
        }
      }
    }
  }
}

TEST(DenseKernel, WritesNothingOutsideTheOutput) {
  core::Xoshiro256StarStar rng(13);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    const Eigen::Index n = 5, in = 9,
                       out = 3;  // a masked tail in every SIMD kernel
    const RowMatrixXf x = random_matrix(n, in, rng);
    const RowMatrixXf w = random_matrix(in, out, rng);
    const Eigen::RowVectorXf b = random_matrix(1, out, rng);
    std::vector<float> buffer(n * out + 32, 7.0f);
    dense_forward(isa, ConstBatchMap(x.data(), n, in), w, b, false,
                  BatchMap(buffer.data() + 16, n, out));
    for (int i = 0; i < 16; ++i) {
      EXPECT_EQ(buffer[i], 7.0f) << kernel_isa_name(isa);
      EXPECT_EQ(buffer[buffer.size() - 1 - i], 7.0f) << kernel_isa_name(isa);
    }
  }
}

TEST(DenseKernel, PackedLayerIsZeroPaddedPanels) {
  core::Xoshiro256StarStar rng(14);
  const RowMatrixXf w = random_matrix(5, 70, rng);
  const Eigen::RowVectorXf b = random_matrix(1, 70, rng);
  const PackedLayer packed(w, b);
  EXPECT_EQ(packed.padded_out, 80u);
  ASSERT_EQ(packed.weights.size(), 5 * 80);
  EXPECT_EQ(packed.panel_width(0), 64u);
  EXPECT_EQ(packed.panel_width(64), 16u);
  // Panel 0: 5 x 64 row-major; panel 1: 5 x 16, columns 70..79 zero.
  EXPECT_EQ(packed.weights[2 * 64 + 10], w(2, 10));
  EXPECT_EQ(packed.weights[5 * 64 + 3 * 16 + 4], w(3, 68));
  EXPECT_EQ(packed.weights[5 * 64 + 3 * 16 + 6], 0.0f);
  EXPECT_EQ(packed.bias[69], b[69]);
  EXPECT_EQ(packed.bias[79], 0.0f);
}

TEST(DenseKernel, PackedFormGivesTheSameBits) {
  core::Xoshiro256StarStar rng(15);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    if (isa == KernelIsa::kEigen) continue;
    for (const Case& c : kCases) {
      const RowMatrixXf x = random_matrix(c.n, c.in, rng);
      const RowMatrixXf w = random_matrix(c.in, c.out, rng);
      const Eigen::RowVectorXf b = random_matrix(1, c.out, rng);
      RowMatrixXf once(c.n, c.out), packed(c.n, c.out);
      dense_forward(isa, ConstBatchMap(x.data(), c.n, c.in), w, b, true,
                    BatchMap(once.data(), c.n, c.out));
      dense_forward(isa, ConstBatchMap(x.data(), c.n, c.in), PackedLayer(w, b),
                    true, BatchMap(packed.data(), c.n, c.out));
      EXPECT_EQ(once, packed) << kernel_isa_name(isa);
    }
  }
  RowMatrixXf x(1, 1), w(1, 1), y(1, 1);
  Eigen::RowVectorXf b(1);
  EXPECT_THROW(
      dense_forward(KernelIsa::kEigen, ConstBatchMap(x.data(), 1, 1),
                    PackedLayer(w, b), false, BatchMap(y.data(), 1, 1)),
      std::invalid_argument);
}

TEST(DenseKernel, BestIsaIsTheWidestCompiled) {
  const auto isas = compiled_kernel_isas();
  ASSERT_FALSE(isas.empty());
  EXPECT_EQ(isas.front(), KernelIsa::kEigen);
  EXPECT_EQ(best_kernel_isa(), isas.back());
  EXPECT_EQ(kernel_isa_name(KernelIsa::kAvx512), "avx512");
}

TEST(DenseKernel, RejectsAKernelThisBuildLacks) {
  const auto isas = compiled_kernel_isas();
  if (std::find(isas.begin(), isas.end(), KernelIsa::kAvx512) != isas.end()) {
    GTEST_SKIP() << "every kernel is compiled into this build";
  }
  RowMatrixXf x(1, 1), w(1, 1), y(1, 1);
  Eigen::RowVectorXf b(1);
  EXPECT_THROW(dense_forward(KernelIsa::kAvx512, ConstBatchMap(x.data(), 1, 1),
                             w, b, false, BatchMap(y.data(), 1, 1)),
               std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::ml
