#include "marketbench/core/weighted_choice.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace marketbench::core {

WeightedChoice::WeightedChoice(std::span<const double> weights) {
  if (weights.empty())
    throw std::invalid_argument("WeightedChoice: no weights given");
  double total = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0.0) {
      throw std::invalid_argument(fmt::format(
          "WeightedChoice: weight {} must be finite and >= 0 (got {})", i,
          weights[i]));
    }
    total += weights[i];
  }
  if (total <= 0.0)
    throw std::invalid_argument("WeightedChoice: weights sum to zero");
  cumulative_.reserve(weights.size());
  double running = 0.0;
  for (double w : weights) {
    running += w;
    cumulative_.push_back(running / total);
  }
  cumulative_.back() = 1.0;
}

std::size_t WeightedChoice::sample(Xoshiro256StarStar& rng) const {
  const double u = rng.uniform01();
  for (std::size_t i = 0; i + 1 < cumulative_.size(); ++i) {
    if (u < cumulative_[i]) return i;
  }
  return cumulative_.size() - 1;
}

double WeightedChoice::probability(std::size_t i) const {
  if (i >= cumulative_.size())
    throw std::out_of_range(
        fmt::format("WeightedChoice: index {} out of range", i));
  return i == 0 ? cumulative_[0] : cumulative_[i] - cumulative_[i - 1];
}

}  // namespace marketbench::core
