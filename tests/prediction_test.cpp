#include "marketbench/ml/prediction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {
namespace {

std::vector<float> softmax(std::vector<float> logits) {
  softmax_rows(
      BatchMap(logits.data(), static_cast<Eigen::Index>(logits.size() / 3), 3));
  return logits;
}

TEST(Softmax, RowsSumToOneAndMatchTheDefinition) {
  const std::vector<float> logits = {0.5f, -1.0f, 2.0f, 3.0f, 3.0f,
                                     3.0f, -7.0f, 0.0f, 1.0f};
  const std::vector<float> p = softmax(logits);
  for (int row = 0; row < 3; ++row) {
    double denominator = 0;
    for (int j = 0; j < 3; ++j)
      denominator += std::exp(static_cast<double>(logits[row * 3 + j]));
    double sum = 0;
    for (int j = 0; j < 3; ++j) {
      sum += p[row * 3 + j];
      EXPECT_NEAR(
          p[row * 3 + j],
          std::exp(static_cast<double>(logits[row * 3 + j])) / denominator,
          1e-7);
    }
    EXPECT_NEAR(sum, 1.0, 1e-6);
  }
  EXPECT_FLOAT_EQ(p[3], 1.0f / 3.0f);
}

TEST(Softmax, SurvivesHugeLogits) {
  const std::vector<float> p = softmax(
      {1e4f, -1e4f, 0.0f, -1e4f, -1e4f, -1e4f, 1e4f, 1e4f - 1.0f, -1e4f});
  for (float v : p) EXPECT_TRUE(std::isfinite(v));
  EXPECT_FLOAT_EQ(p[0], 1.0f);
  EXPECT_FLOAT_EQ(p[1], 0.0f);
  EXPECT_FLOAT_EQ(p[3], 1.0f / 3.0f);
  EXPECT_NEAR(p[6], 1.0 / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(p[6] + p[7] + p[8], 1.0, 1e-6);
}

TEST(Predict, PicksTheMostProbableClass) {
  const std::vector<float> p = {0.2f, 0.3f, 0.5f};
  const Prediction prediction = predict(std::span<const float, 3>(p.data(), 3));
  EXPECT_EQ(prediction.action, Action::kBuy);
  EXPECT_FLOAT_EQ(prediction.confidence, 0.5f);
  EXPECT_EQ(action(std::span<const float, 3>(p.data(), 3)), Action::kBuy);
  EXPECT_FLOAT_EQ(confidence(std::span<const float, 3>(p.data(), 3)), 0.5f);
}

TEST(Predict, TieGoesToTheFirstClass) {
  const std::vector<float> p = {0.4f, 0.4f, 0.2f};
  EXPECT_EQ(predict(std::span<const float, 3>(p.data(), 3)).action,
            Action::kSell);
}

TEST(Predict, RowsAndShapeChecks) {
  std::vector<float> p = {0.7f, 0.2f, 0.1f, 0.1f, 0.8f, 0.1f};
  std::vector<Prediction> out(2);
  predict_rows(ConstBatchMap(p.data(), 2, 3), out);
  EXPECT_EQ(out[0].action, Action::kSell);
  EXPECT_EQ(out[1].action, Action::kHold);
  EXPECT_FLOAT_EQ(out[1].confidence, 0.8f);
  std::vector<Prediction> wrong(3);
  EXPECT_THROW(predict_rows(ConstBatchMap(p.data(), 2, 3), wrong),
               std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::ml
