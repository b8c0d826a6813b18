#pragma once

// The trained recommender model the build writes (tools/mbtrain, `make model`)
// and the held-out days of its recipe, shared by the quality benchmarks.

#include <memory>
#include <string>

#include "marketbench/ml/mlp.hpp"
#include "marketbench/ml/model_recipe.hpp"
#include "marketbench/ml/model_registry.hpp"

namespace marketbench::bench {

inline constexpr const char* kTrainedModelName = "recommender_v1";

// The model from the build's model directory through a ModelRegistry, or
// null with `error` set (e.g. the file was never built).
std::shared_ptr<const ml::Mlp> trained_model(std::string& error);

// The default recipe's market and its test-day rows, built once.
struct HeldOutDays {
  ml::ModelRecipe recipe;
  ml::RecipeMarket market;
  ml::LabelledRows rows;
  double rule_accuracy = 0;
};
const HeldOutDays& held_out_days();

}  // namespace marketbench::bench
