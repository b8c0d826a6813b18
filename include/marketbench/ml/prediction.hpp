#pragma once

// From the MLP's output logits to the platform's answer: class probabilities
// (softmax), the recommended action and its confidence. softmax_rows and
// predict_rows, on Eigen batches, are internal (src/ml/mlp_parameters.hpp).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "marketbench/core/action.hpp"

namespace marketbench::ml {

// Output classes of every model, in output-unit order (core::Action's).
using core::Action;
using core::action_name;
inline constexpr std::size_t kNumClasses = 3;

struct Prediction {
  Action action = Action::kHold;
  float confidence = 0;  // probability of `action`, in [1/3, 1]
};

// The most probable class (the first one on a tie) and its probability.
Prediction predict(std::span<const float, kNumClasses> probabilities);
inline float confidence(std::span<const float, kNumClasses> probabilities) {
  return predict(probabilities).confidence;
}
inline Action action(std::span<const float, kNumClasses> probabilities) {
  return predict(probabilities).action;
}

}  // namespace marketbench::ml
