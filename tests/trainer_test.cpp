#include "marketbench/ml/trainer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/ml/model_file.hpp"
#include "marketbench/ml/quality.hpp"
#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {
namespace {

// Rows whose class is decided by the sign of two features (with noise): a
// task any working trainer learns.
LabelledRows toy_rows(std::size_t n, std::uint64_t seed) {
  core::Xoshiro256StarStar rng(seed);
  LabelledRows rows;
  rows.stocks = n;
  rows.days = 1;
  rows.features.resize(n * 50);
  rows.labels.resize(n);
  rows.next_returns.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t k = 0; k < 50; ++k)
      rows.features[r * 50 + k] = static_cast<float>(3.0 + 2.0 * rng.normal());
    const double s = rows.features[r * 50 + 4] - rows.features[r * 50 + 31] +
                     0.5 * rng.normal();
    rows.labels[r] = s > 1.5 ? 2 : (s < -1.5 ? 0 : 1);
  }
  return rows;
}

TrainerConfig small_config(std::uint64_t seed) {
  TrainerConfig c;
  c.seed = seed;
  c.epochs = 5;
  c.batch_size = 64;
  c.learning_rate = 3e-3;
  return c;
}

std::uint32_t checksum(const Mlp& model) { return model_checksum((model)); }

TEST(Trainer, LearnsASeparableTaskOnHeldOutRows) {
  const LabelledRows train = toy_rows(4000, 1);
  const LabelledRows validation = toy_rows(1000, 2);
  const LabelledRows test = toy_rows(2000, 3);
  const TrainingResult result = train_mlp(train, validation, small_config(9));
  ASSERT_EQ(result.epochs.size(), 5u);
  EXPECT_LT(result.epochs.back().train_loss, result.epochs.front().train_loss);
  std::vector<float> p(test.rows() * 3);
  InferenceWorkspace ws(result.model, test.rows());
  result.model.infer(test.features, p, ws);
  const ClassificationQuality q = evaluate(p, test.labels);
  EXPECT_GT(q.accuracy, test.majority_rate() + 0.25);
  // The normalisation is the training rows' statistics.
  EXPECT_NEAR(result.model.normalisation().mean[0], 3.0f, 0.15f);
  EXPECT_NEAR(result.model.normalisation().stddev[0], 2.0f, 0.15f);
}

TEST(Trainer, SameSeedSameBytesOtherSeedOtherModel) {
  const LabelledRows train = toy_rows(1500, 4);
  const LabelledRows validation = toy_rows(300, 5);
  const std::uint32_t a =
      checksum(train_mlp(train, validation, small_config(21)).model);
  const std::uint32_t b =
      checksum(train_mlp(train, validation, small_config(21)).model);
  const std::uint32_t c =
      checksum(train_mlp(train, validation, small_config(22)).model);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Trainer, KeepsTheEpochWithTheLowestValidationLoss) {
  const TrainingResult r =
      train_mlp(toy_rows(1500, 6), toy_rows(300, 7), small_config(3));
  for (const EpochLog& e : r.epochs)
    EXPECT_GE(e.validation_loss, r.epochs[r.best_epoch].validation_loss);
}

TEST(Trainer, RejectsBadConfigAndTables) {
  const LabelledRows rows = toy_rows(10, 1);
  TrainerConfig c = small_config(1);
  c.learning_rate = 0;
  EXPECT_THROW(train_mlp(rows, rows, c), std::invalid_argument);
  c = small_config(1);
  c.layer_sizes = {50, 8, 4};
  EXPECT_THROW(train_mlp(rows, rows, c), std::invalid_argument);
  EXPECT_THROW(train_mlp(LabelledRows{}, rows, small_config(1)),
               std::invalid_argument);
  c = small_config(1);
  c.layer_sizes = {40, 3};
  EXPECT_THROW(train_mlp(rows, rows, c), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::ml
