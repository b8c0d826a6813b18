#include "marketbench/ml/quality.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "marketbench/core/random.hpp"
#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {
namespace {

TEST(Quality, EvaluateCountsAccuracyLossF1AndBalancedAccuracy) {
  // truth:      SELL SELL HOLD BUY
  // predicted:  SELL HOLD HOLD BUY
  const std::vector<float> p = {0.7f, 0.2f, 0.1f,  //
                                0.3f, 0.6f, 0.1f,  //
                                0.2f, 0.5f, 0.3f,  //
                                0.1f, 0.1f, 0.8f};
  const std::vector<std::uint8_t> labels = {0, 0, 1, 2};
  const ClassificationQuality q = evaluate(p, labels);
  EXPECT_EQ(q.rows, 4u);
  EXPECT_DOUBLE_EQ(q.accuracy, 0.75);
  const double loss =
      -(std::log(0.7f) + std::log(0.3f) + std::log(0.5f) + std::log(0.8f)) /
      4.0;
  EXPECT_NEAR(q.log_loss, loss, 1e-7);
  // F1: SELL 2*1/(2+1) = 2/3, HOLD 2*1/(1+2) = 2/3, BUY 1.
  EXPECT_NEAR(q.macro_f1, (2.0 / 3 + 2.0 / 3 + 1.0) / 3, 1e-12);
  // recall: SELL 1/2, HOLD 1, BUY 1.
  EXPECT_NEAR(q.balanced_accuracy, (0.5 + 1.0 + 1.0) / 3, 1e-12);
}

TEST(Quality, EvaluateRejectsBadShapesAndLabels) {
  const std::vector<float> p = {0.2f, 0.3f, 0.5f};
  EXPECT_THROW(evaluate(p, std::vector<std::uint8_t>{0, 1}),
               std::invalid_argument);
  EXPECT_THROW(evaluate(p, std::vector<std::uint8_t>{3}),
               std::invalid_argument);
  EXPECT_EQ(evaluate({}, {}).rows, 0u);
}

TEST(Quality, ReferencePassAgreesWithTheKernelsWithinFloatRounding) {
  const Mlp model = Mlp::random(17);
  core::Xoshiro256StarStar rng(5);
  const std::size_t n = 64;
  std::vector<float> x(n * 50);
  for (float& v : x) v = static_cast<float>(rng.normal());
  std::vector<double> reference(n * 3);
  reference_probabilities(model, x, reference);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    std::vector<float> p(n * 3);
    InferenceWorkspace ws(model, n);
    ml::infer(model, ConstBatchMap(x.data(), n, 50), BatchMap(p.data(), n, 3),
              ws, isa);
    EXPECT_LT(max_abs_difference(p, reference), 1e-5) << kernel_isa_name(isa);
    // A slightly wrong result is seen.
    p[7] += 1e-4f;
    EXPECT_GT(max_abs_difference(p, reference), 5e-5);
  }
  EXPECT_THROW(max_abs_difference(std::vector<float>(3), reference),
               std::invalid_argument);
  EXPECT_THROW(reference_probabilities(model, x, std::span(reference).first(3)),
               std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::ml
