#include "marketbench/core/weighted_choice.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace marketbench::core {
namespace {

TEST(WeightedChoice, FrequenciesFollowWeights) {
  const std::vector<double> weights = {1, 2, 3, 1, 1, 2};
  WeightedChoice choice(weights);
  Xoshiro256StarStar rng(1);
  std::vector<int> counts(weights.size(), 0);
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) ++counts[choice.sample(rng)];
  for (std::size_t i = 0; i < weights.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(counts[i]) / kDraws, weights[i] / 10.0,
                0.01)
        << "index " << i;
    EXPECT_NEAR(choice.probability(i), weights[i] / 10.0, 1e-12);
  }
}

TEST(WeightedChoice, ZeroWeightIsNeverChosen) {
  const std::vector<double> weights = {0, 1, 0};
  WeightedChoice choice(weights);
  Xoshiro256StarStar rng(2);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(choice.sample(rng), 1u);
}

TEST(WeightedChoice, BadWeightsThrow) {
  EXPECT_THROW(WeightedChoice(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(WeightedChoice(std::vector<double>{0, 0}),
               std::invalid_argument);
  EXPECT_THROW(WeightedChoice(std::vector<double>{1, -1}),
               std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::core
