#pragma once

// From the MLP's output logits to the platform's answer: class probabilities
// (softmax), the recommended action and its confidence.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "marketbench/core/action.hpp"
#include "marketbench/ml/dense_kernel.hpp"

namespace marketbench::ml {

// Output classes of every model, in output-unit order (core::Action's).
using core::Action;
using core::action_name;
inline constexpr std::size_t kNumClasses = 3;

struct Prediction {
  Action action = Action::kHold;
  float confidence = 0;  // probability of `action`, in [1/3, 1]
};

// Replaces each row of logits by its softmax. Subtracts the row maximum
// first, so any finite logits work (exp never overflows; +-1e4 is fine).
void softmax_rows(BatchMap logits);

// The most probable class (the first one on a tie) and its probability.
Prediction predict(std::span<const float, kNumClasses> probabilities);
inline float confidence(std::span<const float, kNumClasses> probabilities) {
  return predict(probabilities).confidence;
}
inline Action action(std::span<const float, kNumClasses> probabilities) {
  return predict(probabilities).action;
}

// predict() for every row of an N x 3 probability batch into out[0..N).
// Throws std::invalid_argument when the shapes disagree.
void predict_rows(const ConstBatchMap& probabilities,
                  std::span<Prediction> out);

}  // namespace marketbench::ml
