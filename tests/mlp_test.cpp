#include "marketbench/ml/mlp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"
#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {
namespace {

// A model with a non-trivial normalisation (the default random() one is the
// identity).
Mlp model_with_normalisation(std::uint64_t seed) {
  const Mlp base = Mlp::random(seed);
  core::Xoshiro256StarStar rng(seed + 1);
  FeatureNormalisation norm{Eigen::RowVectorXf(50), Eigen::RowVectorXf(50)};
  for (int k = 0; k < 50; ++k) {
    norm.mean[k] = static_cast<float>(rng.normal() * 3.0);
    norm.stddev[k] = static_cast<float>(0.5 + 2.0 * rng.uniform01());
  }
  return Mlp(
      std::vector<DenseLayer>(base.layers().begin(), base.layers().end()),
      norm);
}

std::vector<float> features_for(const Mlp& model, std::size_t rows,
                                std::uint64_t seed) {
  core::Xoshiro256StarStar rng(seed);
  std::vector<float> x(rows * model.inputs());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t k = i % model.inputs();
    x[i] = model.normalisation().mean[k] +
           static_cast<float>(rng.normal()) * model.normalisation().stddev[k];
  }
  return x;
}

// The textbook forward pass in double: normalise, triple loops, ReLU, softmax.
std::vector<double> naive_probabilities(const Mlp& model,
                                        const std::vector<float>& features) {
  const std::size_t in = model.inputs();
  const std::size_t rows = features.size() / in;
  std::vector<double> out;
  for (std::size_t i = 0; i < rows; ++i) {
    std::vector<double> a(in);
    for (std::size_t k = 0; k < in; ++k) {
      a[k] = (features[i * in + k] -
              static_cast<double>(model.normalisation().mean[k])) /
             model.normalisation().stddev[k];
    }
    for (std::size_t l = 0; l < model.layers().size(); ++l) {
      const DenseLayer& layer = model.layers()[l];
      std::vector<double> next(static_cast<std::size_t>(layer.weights.cols()));
      for (std::size_t j = 0; j < next.size(); ++j) {
        double sum = layer.bias[static_cast<Eigen::Index>(j)];
        for (std::size_t k = 0; k < a.size(); ++k) {
          sum += a[k] * layer.weights(static_cast<Eigen::Index>(k),
                                      static_cast<Eigen::Index>(j));
        }
        next[j] = (l + 1 < model.layers().size()) ? std::max(0.0, sum) : sum;
      }
      a = std::move(next);
    }
    const double max = std::max({a[0], a[1], a[2]});
    const double denominator =
        std::exp(a[0] - max) + std::exp(a[1] - max) + std::exp(a[2] - max);
    for (double logit : a) out.push_back(std::exp(logit - max) / denominator);
  }
  return out;
}

std::vector<float> infer(const Mlp& model, const std::vector<float>& features,
                         KernelIsa isa) {
  const std::size_t rows = features.size() / model.inputs();
  std::vector<float> p(rows * kNumClasses);
  InferenceWorkspace workspace(model, rows);
  ml::infer(model,
            ConstBatchMap(features.data(), static_cast<Eigen::Index>(rows), 50),
            BatchMap(p.data(), static_cast<Eigen::Index>(rows), 3), workspace,
            isa);
  return p;
}

TEST(Mlp, DefaultShapeAndFlops) {
  const Mlp model = Mlp::random(1);
  EXPECT_EQ(model.layer_sizes(), (std::vector<std::size_t>{50, 64, 32, 3}));
  EXPECT_EQ(model.inputs(), 50u);
  EXPECT_EQ(model.outputs(), 3u);
  EXPECT_EQ(model.workspace_width(), 64u);
  EXPECT_EQ(model.flops_per_sample(), 2u * (50 * 64 + 64 * 32 + 32 * 3));
}

TEST(Mlp, MatchesNaiveDoubleImplementation) {
  const Mlp model = model_with_normalisation(7);
  const std::vector<float> x = features_for(model, 77, 8);
  const std::vector<double> expected = naive_probabilities(model, x);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    const std::vector<float> p = infer(model, x, isa);
    double worst = 0;
    double worst_abs = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      worst = std::max(worst, std::abs(p[i] - expected[i]) / expected[i]);
      worst_abs = std::max(worst_abs, std::abs(p[i] - expected[i]));
    }
    EXPECT_LT(worst, 1e-5) << kernel_isa_name(isa);
    // Reported for every kernel (the same 77 rows, crossing row tiles and
    // the 16-row softmax blocks).
    std::cout << "[ reference ] " << kernel_isa_name(isa)
              << ": max abs difference " << worst_abs << ", max relative "
              << worst << "\n";
    RecordProperty(std::string(kernel_isa_name(isa)) + "_max_abs_difference",
                   std::to_string(worst_abs));
  }
}

TEST(Mlp, CustomLayerSizes) {
  const std::vector<std::size_t> sizes = {13, 100, 7, 20, 3};
  const Mlp model = Mlp::random(sizes, 3);
  EXPECT_EQ(model.layer_sizes(), sizes);
  EXPECT_EQ(model.workspace_width(), 100u);
  core::Xoshiro256StarStar rng(4);
  std::vector<float> x(9 * 13);
  for (float& v : x) v = static_cast<float>(rng.normal());
  std::vector<float> p(9 * 3);
  InferenceWorkspace workspace(model, 9);
  model.infer(x, p, workspace);
  for (int i = 0; i < 9; ++i)
    EXPECT_NEAR(p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2], 1.0, 1e-6);
}

TEST(Mlp, ABatchEqualsItsSamplesOneByOne) {
  const Mlp model = model_with_normalisation(9);
  // 53 rows: a whole row tile (48) plus a partial one, whole 16-row
  // softmax blocks plus single rows.
  const std::vector<float> x = features_for(model, 53, 10);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    const std::vector<float> batch = infer(model, x, isa);
    for (std::size_t i = 0; i < 53; ++i) {
      const std::vector<float> one(x.begin() + static_cast<long>(i * 50),
                                   x.begin() + static_cast<long>((i + 1) * 50));
      const std::vector<float> single = infer(model, one, isa);
      for (std::size_t j = 0; j < 3; ++j) {
        if (isa == KernelIsa::kEigen) {
          // Eigen runs one row as a GEMV, a batch as a GEMM: same maths, other
          // rounding.
          EXPECT_NEAR(batch[i * 3 + j], single[j], 1e-6f);
        } else {
          EXPECT_EQ(batch[i * 3 + j], single[j])
              << kernel_isa_name(isa) << " sample " << i;
        }
      }
    }
  }
}

TEST(Mlp, SameSeedSameModel) {
  const Mlp a = Mlp::random(5);
  const Mlp b = Mlp::random(5);
  const Mlp c = Mlp::random(6);
  for (std::size_t l = 0; l < a.layers().size(); ++l) {
    EXPECT_EQ(a.layers()[l].weights, b.layers()[l].weights);
    EXPECT_EQ(a.layers()[l].bias, b.layers()[l].bias);
  }
  EXPECT_NE(a.layers()[0].weights, c.layers()[0].weights);
}

TEST(Mlp, InitialisationHasHeScale) {
  const Mlp model = Mlp::random(std::vector<std::size_t>{200, 400, 3}, 12);
  const RowMatrixXf& w = model.layers()[0].weights;
  const double mean = w.cast<double>().mean();
  const double variance = (w.cast<double>().array() - mean).square().mean();
  EXPECT_NEAR(mean, 0.0, 0.005);
  EXPECT_NEAR(variance, 2.0 / 200.0, 0.0005);
}

TEST(Mlp, ZeroAllocationsAfterWarmUp) {
  if (!metrics::jemalloc_available()) {
    GTEST_SKIP() << "jemalloc counters unavailable: "
                 << metrics::jemalloc_unavailable_reason();
  }
  const Mlp model = Mlp::random(2);
  const std::vector<float> x = features_for(model, 128, 3);
  std::vector<float> p(128 * 3);
  InferenceWorkspace workspace(model, 128);
  metrics::ThreadAllocations counters;
  for (const KernelIsa isa : compiled_kernel_isas()) {
    for (const std::size_t rows : {1, 10, 128}) {
      const ConstBatchMap features(x.data(), static_cast<Eigen::Index>(rows),
                                   50);
      const BatchMap probabilities(p.data(), static_cast<Eigen::Index>(rows),
                                   3);
      ml::infer(model, features, probabilities, workspace, isa);  // warm-up
      const auto start = counters.snapshot();
      for (int i = 0; i < 100; ++i)
        ml::infer(model, features, probabilities, workspace, isa);
      EXPECT_EQ(counters.since(start).allocated, 0u)
          << kernel_isa_name(isa) << " batch " << rows;
    }
  }
}

TEST(Mlp, RejectsInconsistentLayers) {
  const Mlp base = Mlp::random(1);
  const std::vector<DenseLayer> good(base.layers().begin(),
                                     base.layers().end());
  const FeatureNormalisation norm = base.normalisation();
  auto expect_rejected = [&](std::vector<DenseLayer> layers,
                             FeatureNormalisation n,
                             const std::string& needle) {
    try {
      Mlp model(std::move(layers), std::move(n));
      ADD_FAILURE() << "accepted; expected an error mentioning '" << needle
                    << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
          << e.what();
    }
  };
  expect_rejected({}, norm, "0 layers");
  auto chain = good;
  chain[1].weights = RowMatrixXf::Zero(63, 32);
  expect_rejected(chain, norm, "layer 1 takes 63 inputs but layer 0 gives 64");
  auto bias = good;
  bias[0].bias = Eigen::RowVectorXf::Zero(10);
  expect_rejected(bias, norm, "64 outputs but 10 biases");
  auto classes = good;
  classes[2].weights = RowMatrixXf::Zero(32, 4);
  classes[2].bias = Eigen::RowVectorXf::Zero(4);
  expect_rejected(classes, norm, "output layer has 4 units");
  auto nan = good;
  nan[1].weights(3, 4) = std::numeric_limits<float>::quiet_NaN();
  expect_rejected(nan, norm, "layer 1 has a non-finite");
  FeatureNormalisation short_norm{Eigen::RowVectorXf::Zero(49),
                                  Eigen::RowVectorXf::Ones(49)};
  expect_rejected(good, short_norm, "49 means and 49 stddevs for 50 inputs");
  FeatureNormalisation zero_std = norm;
  zero_std.stddev[7] = 0.0f;
  expect_rejected(good, zero_std, "feature 7 has mean 0 and stddev 0");
}

TEST(Mlp, InferRejectsBadShapesAndNonFiniteFeatures) {
  const Mlp model = Mlp::random(1);
  std::vector<float> x(4 * 50, 0.5f);
  std::vector<float> p(4 * 3);
  InferenceWorkspace small(model, 3);
  InferenceWorkspace workspace(model, 4);
  EXPECT_THROW(model.infer(x, p, small), std::invalid_argument);
  EXPECT_THROW(model.infer(std::span<const float>(x).first(199), p, workspace),
               std::invalid_argument);
  EXPECT_THROW(model.infer(x, std::span<float>(p).first(9), workspace),
               std::invalid_argument);
  InferenceWorkspace narrow(4, 50);  // the hidden layer is 64 wide
  EXPECT_THROW(model.infer(x, p, narrow), std::invalid_argument);
  x[2 * 50 + 17] = std::numeric_limits<float>::infinity();
  try {
    model.infer(x, p, workspace);
    ADD_FAILURE() << "a non-finite feature was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("feature row 2"), std::string::npos)
        << e.what();
  }
}

TEST(Mlp, OverflowingLogitsAreReportedNotReturnedAsNaN) {
  const Mlp base = Mlp::random(std::vector<std::size_t>{2, 3}, 1);
  std::vector<DenseLayer> layers(base.layers().begin(), base.layers().end());
  layers[0].weights.setConstant(3e38f);
  layers[0].weights(1, 2) = -3e38f;
  const Mlp model(std::move(layers), base.normalisation());
  std::vector<float> x = {0.1f, 0.2f, 5.0f, 5.0f};
  std::vector<float> p(6);
  InferenceWorkspace workspace(model, 2);
  try {
    model.infer(x, p, workspace);
    ADD_FAILURE() << "an overflow went unreported";
  } catch (const std::domain_error& e) {
    EXPECT_NE(std::string(e.what()).find("row 1 overflowed"), std::string::npos)
        << e.what();
  }
}

TEST(Mlp, OverflowInALaterTileOfABigBatchIsReported) {
  const Mlp base = Mlp::random(std::vector<std::size_t>{2, 3}, 1);
  std::vector<DenseLayer> layers(base.layers().begin(), base.layers().end());
  layers[0].weights.setConstant(3e38f);
  layers[0].weights(1, 2) = -3e38f;
  const Mlp model(std::move(layers), base.normalisation());
  std::vector<float> x(2 * 70, 0.1f);
  x[2 * 57] = 5.0f;  // row 57: in the second tile and a 16-row block
  x[2 * 57 + 1] = 5.0f;
  std::vector<float> p(3 * 70);
  InferenceWorkspace workspace(model, 70);
  for (const KernelIsa isa : compiled_kernel_isas()) {
    try {
      ml::infer(model, ConstBatchMap(x.data(), 70, 2),
                BatchMap(p.data(), 70, 3), workspace, isa);
      ADD_FAILURE() << "an overflow went unreported: " << kernel_isa_name(isa);
    } catch (const std::domain_error& e) {
      EXPECT_NE(std::string(e.what()).find("row 57 overflowed"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(Mlp, NonFiniteFeatureInALaterTileIsReported) {
  const Mlp model = Mlp::random(3);
  std::vector<float> x = features_for(model, 100, 4);
  x[60 * 50 + 49] = std::numeric_limits<float>::infinity();
  for (const KernelIsa isa : compiled_kernel_isas()) {
    EXPECT_THROW(infer(model, x, isa), std::invalid_argument)
        << kernel_isa_name(isa);
  }
}

TEST(Mlp, EmptyBatchIsANoOp) {
  const Mlp model = Mlp::random(1);
  InferenceWorkspace workspace(model, 1);
  EXPECT_NO_THROW(
      model.infer(std::span<const float>(), std::span<float>(), workspace));
}

TEST(InferenceWorkspace, SizedForItsModel) {
  const Mlp model = Mlp::random(std::vector<std::size_t>{10, 300, 3}, 1);
  const InferenceWorkspace workspace(model, 17);
  EXPECT_EQ(workspace.max_batch(), 17u);
  EXPECT_EQ(workspace.max_width(), 300u);
  EXPECT_THROW(InferenceWorkspace(0, 10), std::invalid_argument);
  EXPECT_THROW(InferenceWorkspace(10, 0), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::ml
