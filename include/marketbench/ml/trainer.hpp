#pragma once

// Trains the platform's MLP (the Mlp layout: ReLU hidden layers, softmax over
// SELL / HOLD / BUY) on labelled feature rows: mini-batch Adam on the mean
// cross-entropy, in double precision with Eigen, on one thread. Everything
// random (initial weights, the order of the rows in each epoch) comes from
// core::Xoshiro256StarStar(seed), so a seed gives the same model bytes on the
// same build and machine (docs/MODEL_QUALITY.md).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "marketbench/ml/labels.hpp"
#include "marketbench/ml/mlp.hpp"

namespace marketbench::ml {

struct TrainerConfig {
  std::vector<std::size_t> layer_sizes = {Mlp::kDefaultLayerSizes.begin(),
                                          Mlp::kDefaultLayerSizes.end()};
  std::uint64_t seed = 1;
  std::size_t epochs = 12;
  std::size_t batch_size = 256;
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  // L2 penalty on the weights (not the biases), added to the gradient.
  double weight_decay = 1e-4;

  // Throws std::invalid_argument naming the bad field.
  void validate() const;
};

struct EpochLog {
  double train_loss = 0;  // mean cross-entropy over the epoch's batches
  double validation_loss = 0;
  double validation_accuracy = 0;
};

struct TrainingResult {
  Mlp model;                   // the epoch with the lowest validation loss
  std::size_t best_epoch = 0;  // 0-based
  std::vector<EpochLog> epochs;
};

// The normalisation is the training rows' per-feature mean and population
// standard deviation (1 where a feature is constant). Throws
// std::invalid_argument when a table is empty or its width differs from
// layer_sizes.front(), or the config is invalid.
TrainingResult train_mlp(const LabelledRows& train,
                         const LabelledRows& validation,
                         const TrainerConfig& config);

}  // namespace marketbench::ml
