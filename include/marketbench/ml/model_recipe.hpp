#pragma once

// The recipe of the platform's trained model: which learnable market it
// learns from, how its days are split and how it is trained. `make model`
// (tools/mbtrain) runs the default recipe; tests run small ones
// (docs/MODEL_QUALITY.md).

#include <cstddef>
#include <cstdint>

#include "marketbench/market/market.hpp"
#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/ml/labels.hpp"
#include "marketbench/ml/quality.hpp"
#include "marketbench/ml/trainer.hpp"

namespace marketbench::ml {

struct ModelRecipe {
  std::size_t stocks = 400;
  std::size_t days = 640;
  std::uint64_t market_seed = 20260101;
  double train_fraction = 0.6;
  double validation_fraction = 0.2;
  LabelConfig labels;
  TrainerConfig trainer;
};

// The recipe's market (PriceProcess::kRegime), as a price store, and its
// generator's per-stock parameters.
struct RecipeMarket {
  market::PriceStore prices;
  std::vector<market::StockParams> params;
  DaySplit split;
};
RecipeMarket recipe_market(const ModelRecipe& recipe);

// The labelled rows of the recipe's held-out test days.
LabelledRows test_rows(const ModelRecipe& recipe, const RecipeMarket& market);

// Accuracy on `rows` of the generating rule (regime_rule_probabilities with
// the true parameters): the ceiling for any model.
double rule_accuracy(const RecipeMarket& market, const LabelledRows& rows,
                     const LabelConfig& labels);

struct RecipeOutcome {
  TrainingResult training;
  DaySplit split;
  ClassificationQuality test;  // the trained model on the test days
  double test_majority_rate = 0;
  double test_rule_accuracy = 0;
};

// Generates the market, trains on the training days (validation days pick
// the epoch) and scores the model on the test days.
RecipeOutcome run_recipe(const ModelRecipe& recipe);

}  // namespace marketbench::ml
