#pragma once

// How good a model's probabilities are on labelled rows, and how far an
// optimised inference kernel strays from a double-precision reference pass
// (docs/MODEL_QUALITY.md).

#include <cstddef>
#include <cstdint>
#include <span>

#include "marketbench/ml/mlp.hpp"

namespace marketbench::ml {

struct ClassificationQuality {
  std::size_t rows = 0;
  double accuracy = 0;           // argmax == label, 0..1
  double log_loss = 0;           // mean -ln p(label), p floored at 1e-15
  double macro_f1 = 0;           // mean over the 3 classes of F1 (0 if empty)
  double balanced_accuracy = 0;  // mean over present classes of recall
};

// probabilities: rows x kNumClasses, row-major; labels: an Action each.
// Throws std::invalid_argument when the sizes disagree or a label is not a
// class.
ClassificationQuality evaluate(std::span<const float> probabilities,
                               std::span<const std::uint8_t> labels);

// The model's forward pass in double precision with plain loops (no SIMD
// kernel, no Eigen GEMM): the reference an optimised kernel is held to.
// features: N x model.inputs(); out: N x kNumClasses.
void reference_probabilities(const Mlp& model, std::span<const float> features,
                             std::span<double> out);

// max |a[i] - b[i]|; throws std::invalid_argument when the sizes differ.
double max_abs_difference(std::span<const float> a, std::span<const double> b);

}  // namespace marketbench::ml
