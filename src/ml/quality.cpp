#include "marketbench/ml/quality.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {

ClassificationQuality evaluate(std::span<const float> probabilities,
                               std::span<const std::uint8_t> labels) {
  if (probabilities.size() != labels.size() * kNumClasses) {
    throw std::invalid_argument(fmt::format(
        "evaluate: {} probabilities for {} labels (need 3 per label)",
        probabilities.size(), labels.size()));
  }
  ClassificationQuality q;
  q.rows = labels.size();
  if (labels.empty()) return q;
  // confusion[truth][predicted]
  std::array<std::array<std::size_t, kNumClasses>, kNumClasses> confusion{};
  double loss = 0;
  for (std::size_t r = 0; r < labels.size(); ++r) {
    const std::uint8_t truth = labels[r];
    if (truth >= kNumClasses) {
      throw std::invalid_argument(
          fmt::format("evaluate: label {} of row {} is not a class", truth, r));
    }
    const auto row = probabilities.subspan(r * kNumClasses, kNumClasses);
    const auto predicted = static_cast<std::size_t>(
        std::max_element(row.begin(), row.end()) - row.begin());
    ++confusion[truth][predicted];
    loss -= std::log(std::max(static_cast<double>(row[truth]), 1e-15));
  }
  const auto n = static_cast<double>(labels.size());
  q.log_loss = loss / n;
  std::size_t correct = 0;
  double f1_sum = 0;
  double recall_sum = 0;
  std::size_t present = 0;
  for (std::size_t c = 0; c < kNumClasses; ++c) {
    correct += confusion[c][c];
    std::size_t actual = 0;
    std::size_t predicted = 0;
    for (std::size_t k = 0; k < kNumClasses; ++k) {
      actual += confusion[c][k];
      predicted += confusion[k][c];
    }
    const auto tp = static_cast<double>(confusion[c][c]);
    if (actual + predicted > 0)
      f1_sum += 2 * tp / static_cast<double>(actual + predicted);
    if (actual > 0) {
      recall_sum += tp / static_cast<double>(actual);
      ++present;
    }
  }
  q.accuracy = static_cast<double>(correct) / n;
  q.macro_f1 = f1_sum / static_cast<double>(kNumClasses);
  q.balanced_accuracy = recall_sum / static_cast<double>(present);
  return q;
}

void reference_probabilities(const Mlp& model, std::span<const float> features,
                             std::span<double> out) {
  const std::size_t inputs = model.inputs();
  if (features.size() % inputs != 0 ||
      out.size() != features.size() / inputs * kNumClasses) {
    throw std::invalid_argument(fmt::format(
        "reference_probabilities: {} feature values and {} outputs do not fit "
        "{} inputs and 3 outputs per row",
        features.size(), out.size(), inputs));
  }
  const FeatureNormalisation& norm = model.normalisation();
  const auto layers = model.layers();
  std::vector<double> a;
  std::vector<double> next;
  for (std::size_t r = 0; r < features.size() / inputs; ++r) {
    a.resize(inputs);
    for (std::size_t k = 0; k < inputs; ++k) {
      const auto i = static_cast<Eigen::Index>(k);
      a[k] = (static_cast<double>(features[r * inputs + k]) - norm.mean[i]) /
             static_cast<double>(norm.stddev[i]);
    }
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const DenseLayer& layer = layers[l];
      const auto width = static_cast<std::size_t>(layer.weights.cols());
      next.assign(width, 0.0);
      for (std::size_t j = 0; j < width; ++j)
        next[j] = layer.bias[static_cast<Eigen::Index>(j)];
      for (std::size_t k = 0; k < a.size(); ++k)
        for (std::size_t j = 0; j < width; ++j)
          next[j] += a[k] * layer.weights(static_cast<Eigen::Index>(k),
                                          static_cast<Eigen::Index>(j));
      if (l + 1 < layers.size())
        for (double& v : next) v = std::max(v, 0.0);
      a.swap(next);
    }
    const double top = *std::max_element(a.begin(), a.end());
    double sum = 0;
    for (double& v : a) sum += (v = std::exp(v - top));
    for (std::size_t c = 0; c < kNumClasses; ++c)
      out[r * kNumClasses + c] = a[c] / sum;
  }
}

double max_abs_difference(std::span<const float> a, std::span<const double> b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(fmt::format(
        "max_abs_difference: sizes {} and {} differ", a.size(), b.size()));
  }
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(a[i]) - b[i]));
  return worst;
}

}  // namespace marketbench::ml
