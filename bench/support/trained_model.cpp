#include "support/trained_model.hpp"

#include <exception>
#include <filesystem>

namespace marketbench::bench {

std::shared_ptr<const ml::Mlp> trained_model(std::string& error) {
  try {
    static const ml::ModelRegistry registry{
        std::filesystem::path(MB_MODEL_DIR)};
    return registry.get(kTrainedModelName);
  } catch (const std::exception& e) {
    error =
        std::string("trained model unavailable (run make model): ") + e.what();
    return nullptr;
  }
}

const HeldOutDays& held_out_days() {
  static const HeldOutDays days = [] {
    ml::ModelRecipe recipe;
    ml::RecipeMarket market = ml::recipe_market(recipe);
    ml::LabelledRows rows = ml::test_rows(recipe, market);
    const double rule = ml::rule_accuracy(market, rows, recipe.labels);
    return HeldOutDays{recipe, std::move(market), std::move(rows), rule};
  }();
  return days;
}

}  // namespace marketbench::bench
