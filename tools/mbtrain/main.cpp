// mbtrain: trains the platform's model with the default recipe
// (ml::ModelRecipe) and writes it as a model file (docs/MODEL_FORMAT.md).
// Exit codes: 0 written, 2 bad usage or a failure (one line on stderr, no
// file written). See docs/MODEL_QUALITY.md.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <exception>
#include <string>

#include "marketbench/ml/model_file.hpp"
#include "marketbench/ml/model_recipe.hpp"

int main(int argc, char** argv) {
  namespace ml = marketbench::ml;
  CLI::App app{"mbtrain: train the recommender MLP on the learnable market",
               "mbtrain"};
  std::string out;
  ml::ModelRecipe recipe;
  bool quiet = false;
  app.add_option("--out", out, "model file to write (.mbm)")->required();
  app.add_option("--seed", recipe.trainer.seed, "trainer seed");
  app.add_option("--epochs", recipe.trainer.epochs, "training epochs");
  app.add_option("--stocks", recipe.stocks, "stocks of the training market");
  app.add_option("--days", recipe.days, "days of the training market");
  app.add_option("--market-seed", recipe.market_seed, "market seed");
  app.add_flag("--quiet", quiet, "print only the summary line");
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "mbtrain: {} (see mbtrain --help)\n", e.what());
    return 2;
  }
  try {
    const auto start = std::chrono::steady_clock::now();
    const ml::RecipeOutcome outcome = ml::run_recipe(recipe);
    if (!quiet) {
      for (std::size_t e = 0; e < outcome.training.epochs.size(); ++e) {
        const ml::EpochLog& log = outcome.training.epochs[e];
        fmt::print(
            "epoch {:2}: train loss {:.4f}, validation loss {:.4f}, "
            "validation accuracy {:.4f}\n",
            e, log.train_loss, log.validation_loss, log.validation_accuracy);
      }
    }
    ml::save_model(outcome.training.model, out);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    fmt::print(
        "mbtrain: wrote {} (crc32c {:08x}, best epoch {}) in {:.1f} s; test "
        "days {}..{}: accuracy {:.4f}, log_loss {:.4f}, macro_f1 {:.4f}, "
        "majority rate {:.4f}, generating rule {:.4f}\n",
        out, ml::model_checksum(outcome.training.model),
        outcome.training.best_epoch, seconds, outcome.split.test_begin,
        outcome.split.end - 1, outcome.test.accuracy, outcome.test.log_loss,
        outcome.test.macro_f1, outcome.test_majority_rate,
        outcome.test_rule_accuracy);
  } catch (const std::exception& e) {
    fmt::print(stderr, "mbtrain: {}\n", e.what());
    return 2;
  }
  return 0;
}
