#include "marketbench/ml/model_recipe.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "marketbench/ml/model_file.hpp"

namespace marketbench::ml {
namespace {

// A small run of the recipe: 300 stocks, 520 days, 8 epochs (the default is
// 400 x 640, 12 epochs).
ModelRecipe small_recipe() {
  ModelRecipe r;
  r.stocks = 300;
  r.days = 520;
  r.trainer.epochs = 8;
  return r;
}

// A tiny run for the tests that check the procedure, not the model's
// quality: 40 stocks, 2 epochs (a thirtieth of the small run's work, which
// matters under the sanitizers).
ModelRecipe tiny_recipe() {
  ModelRecipe r = small_recipe();
  r.stocks = 40;
  r.trainer.epochs = 2;
  return r;
}

// docs/MODEL_QUALITY.md: the trained model must beat the majority class of
// the held-out days by kMargin; the random model must not.
constexpr double kMargin = 0.02;

const RecipeOutcome& small_outcome() {
  static const RecipeOutcome outcome = run_recipe(small_recipe());
  return outcome;
}

TEST(ModelRecipe, TrainedModelBeatsTheMajorityClassOnHeldOutDays) {
  const RecipeOutcome& o = small_outcome();
  EXPECT_GT(o.test.rows, 10000u);
  EXPECT_GT(o.test.accuracy, o.test_majority_rate + kMargin)
      << "majority " << o.test_majority_rate << ", rule "
      << o.test_rule_accuracy;
  // Nothing beats the generating rule by more than sampling noise.
  EXPECT_LT(o.test.accuracy, o.test_rule_accuracy + 0.01);
  EXPECT_LT(o.test.log_loss, std::log(3.0));
}

TEST(ModelRecipe, RandomModelDoesNotBeatTheMajorityClass) {
  const ModelRecipe recipe = small_recipe();
  const RecipeMarket market = recipe_market(recipe);
  const LabelledRows test = test_rows(recipe, market);
  for (const std::uint64_t seed : {42u, 7u}) {
    const Mlp model = Mlp::random(seed);
    std::vector<float> p(test.rows() * kNumClasses);
    InferenceWorkspace ws(model, test.rows());
    model.infer(test.features, p, ws);
    EXPECT_LT(evaluate(p, test.labels).accuracy,
              test.majority_rate() + kMargin / 2)
        << seed;
  }
}

TEST(ModelRecipe, TrainingIsDeterministicForASeed) {
  const std::uint32_t first =
      model_checksum(run_recipe(tiny_recipe()).training.model);
  const std::uint32_t again =
      model_checksum(run_recipe(tiny_recipe()).training.model);
  EXPECT_EQ(first, again);
  ModelRecipe other_seed = tiny_recipe();
  other_seed.trainer.seed += 1;
  EXPECT_NE(first, model_checksum(run_recipe(other_seed).training.model));
}

TEST(ModelRecipe, SplitKeepsTestDaysAfterTrainingDays) {
  const RecipeOutcome o = run_recipe(tiny_recipe());
  EXPECT_LT(o.split.first, o.split.validation_begin);
  EXPECT_LT(o.split.validation_begin, o.split.test_begin);
  EXPECT_LT(o.split.test_begin, o.split.end);
  EXPECT_EQ(o.split.end, tiny_recipe().days - 1);
}

}  // namespace
}  // namespace marketbench::ml
