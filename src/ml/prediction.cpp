#include "marketbench/ml/prediction.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {

void softmax_rows(BatchMap logits) {
  const auto cols = static_cast<std::size_t>(logits.cols());
  if (cols == 0) return;
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    float* row = logits.row(i).data();
    float max = row[0];
    for (std::size_t j = 1; j < cols; ++j) max = std::max(max, row[j]);
    float sum = 0;
    for (std::size_t j = 0; j < cols; ++j) {
      row[j] = std::exp(row[j] - max);
      sum += row[j];
    }
    // sum >= 1 (the maximum contributes exp(0)), so the division is safe.
    const float inv = 1.0f / sum;
    for (std::size_t j = 0; j < cols; ++j) row[j] *= inv;
  }
}

Prediction predict(std::span<const float, kNumClasses> probabilities) {
  std::size_t best = 0;
  for (std::size_t j = 1; j < kNumClasses; ++j) {
    if (probabilities[j] > probabilities[best]) best = j;
  }
  return {static_cast<Action>(best), probabilities[best]};
}

void predict_rows(const ConstBatchMap& probabilities,
                  std::span<Prediction> out) {
  if (probabilities.cols() != static_cast<Eigen::Index>(kNumClasses) ||
      static_cast<std::size_t>(probabilities.rows()) != out.size()) {
    throw std::invalid_argument(fmt::format(
        "predict_rows: {} x {} probabilities for {} predictions (need N x {})",
        probabilities.rows(), probabilities.cols(), out.size(), kNumClasses));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = predict(std::span<const float, kNumClasses>(
        probabilities.data() + i * kNumClasses, kNumClasses));
  }
}

}  // namespace marketbench::ml
