#include "marketbench/ml/regime_rule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "marketbench/ml/model_recipe.hpp"

namespace marketbench::ml {
namespace {

TEST(RegimeRule, ProbabilitiesSumToOneAndFollowTheRegime) {
  market::StockParams p;
  p.drift = 0.0;
  p.volatility = 0.30;  // momentum
  std::vector<double> close(30, 100.0);
  for (std::size_t i = 1; i < close.size(); ++i)
    close[i] = close[i - 1] * (i % 2 ? 1.01 : 0.99);
  for (std::size_t i = close.size() - 5; i < close.size(); ++i)
    close[i] = close[i - 1] * 1.02;  // a rally over the last five days
  const auto up = regime_rule_probabilities(p, close);
  EXPECT_NEAR(up[0] + up[1] + up[2], 1.0, 1e-12);
  EXPECT_GT(up[2], up[0]);
  p.volatility = 0.50;  // mean reversion
  const auto down = regime_rule_probabilities(p, close);
  EXPECT_GT(down[0], down[2]);
  EXPECT_THROW(regime_rule_probabilities(p, std::span(close).first(10)),
               std::invalid_argument);
}

// The generating rule's accuracy on the default recipe's held-out test days:
// the ceiling docs/MODEL_QUALITY.md and bench/budgets.json quote.
TEST(RegimeRule, GeneratingRuleAccuracyOnTheRecipesTestDays) {
  const ModelRecipe recipe;
  const RecipeMarket market = recipe_market(recipe);
  const LabelledRows test = test_rows(recipe, market);
  const double rule = rule_accuracy(market, test, recipe.labels);
  const double majority = test.majority_rate();
  EXPECT_NEAR(rule, 0.414, 0.002) << "majority " << majority;
  EXPECT_NEAR(majority, 0.353, 0.002);
  EXPECT_GT(rule, majority + 0.05);
}

// On the plain GBM the same rule has no direction to find; what little it
// gains over the majority comes from knowing each stock's true sigma where the
// label's band uses a 20-day estimate.
TEST(RegimeRule, HasNoEdgeOnTheGbm) {
  ModelRecipe recipe;
  recipe.stocks = 200;
  market::MarketGenerator gen(recipe.stocks, recipe.market_seed);
  RecipeMarket market{market::PriceStore(recipe.stocks, recipe.days),
                      {gen.params().begin(), gen.params().end()},
                      split_days(recipe.days, 0.6, 0.2)};
  for (std::size_t d = 0; d < recipe.days; ++d)
    market.prices.append_day(gen.next_day());
  const LabelledRows test = test_rows(recipe, market);
  EXPECT_LT(rule_accuracy(market, test, recipe.labels),
            test.majority_rate() + 0.02);
}

}  // namespace
}  // namespace marketbench::ml
