#include "marketbench/ml/model_recipe.hpp"

#include <algorithm>
#include <vector>

#include "marketbench/ml/regime_rule.hpp"

namespace marketbench::ml {

RecipeMarket recipe_market(const ModelRecipe& recipe) {
  market::MarketGenerator generator(recipe.stocks, recipe.market_seed,
                                    market::PriceProcess::kRegime);
  RecipeMarket out{market::PriceStore(recipe.stocks, recipe.days),
                   {generator.params().begin(), generator.params().end()},
                   split_days(recipe.days, recipe.train_fraction,
                              recipe.validation_fraction)};
  for (std::size_t d = 0; d < recipe.days; ++d)
    out.prices.append_day(generator.next_day());
  return out;
}

LabelledRows test_rows(const ModelRecipe& recipe, const RecipeMarket& market) {
  return build_labelled_rows(market.prices, market.split.test_begin,
                             market.split.end, recipe.labels);
}

double rule_accuracy(const RecipeMarket& market, const LabelledRows& rows,
                     const LabelConfig& labels) {
  if (rows.rows() == 0) return 0.0;
  std::size_t correct = 0;
  for (std::size_t d = 0; d < rows.days; ++d) {
    for (std::size_t s = 0; s < rows.stocks; ++s) {
      const auto close = market.prices.history(static_cast<market::StockId>(s))
                             .close.first(rows.first_day + d + 1);
      const auto p = regime_rule_probabilities(market.params[s], close, labels);
      const auto predicted = static_cast<std::size_t>(
          std::max_element(p.begin(), p.end()) - p.begin());
      correct += predicted == rows.labels[d * rows.stocks + s];
    }
  }
  return static_cast<double>(correct) / static_cast<double>(rows.rows());
}

RecipeOutcome run_recipe(const ModelRecipe& recipe) {
  const RecipeMarket market = recipe_market(recipe);
  const DaySplit& split = market.split;
  const LabelledRows train = build_labelled_rows(
      market.prices, split.first, split.validation_begin, recipe.labels);
  const LabelledRows validation = build_labelled_rows(
      market.prices, split.validation_begin, split.test_begin, recipe.labels);
  const LabelledRows test = test_rows(recipe, market);
  RecipeOutcome out{
      train_mlp(train, validation, recipe.trainer), split, {}, 0, 0};
  std::vector<float> probabilities(test.rows() * kNumClasses);
  InferenceWorkspace workspace(out.training.model, test.rows());
  out.training.model.infer(test.features, probabilities, workspace);
  out.test = evaluate(probabilities, test.labels);
  out.test_majority_rate = test.majority_rate();
  out.test_rule_accuracy = rule_accuracy(market, test, recipe.labels);
  return out;
}

}  // namespace marketbench::ml
