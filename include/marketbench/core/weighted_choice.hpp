#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "marketbench/core/random.hpp"

namespace marketbench::core {

// Picks index i with probability weights[i] / sum(weights). Meant for small
// sets (a handful of request kinds): a linear scan of the cumulative weights.
class WeightedChoice {
 public:
  // Weights must be finite, >= 0, and not all zero.
  explicit WeightedChoice(std::span<const double> weights);

  std::size_t sample(Xoshiro256StarStar& rng) const;
  std::size_t size() const { return cumulative_.size(); }
  // The normalised probability of index i.
  double probability(std::size_t i) const;

 private:
  std::vector<double> cumulative_;  // normalised, last element == 1
};

}  // namespace marketbench::core
