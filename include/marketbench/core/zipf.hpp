#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "marketbench/core/random.hpp"

namespace marketbench::core {

// A bijection of [0, n) keyed by a seed, in O(1) memory: a 4-round Feistel
// network on the smallest even-bit domain >= n, with cycle walking.
class SeededPermutation {
 public:
  SeededPermutation(std::uint64_t n, std::uint64_t seed);
  std::uint64_t operator()(std::uint64_t x) const;
  std::uint64_t size() const { return n_; }

 private:
  std::uint64_t encrypt(std::uint64_t x) const;
  std::uint64_t n_;
  unsigned half_bits_;
  std::uint64_t half_mask_;
  std::uint64_t keys_[4];
};

// Exact Zipf distribution over ranks 1..n with exponent s > 0 (P(k) ~ k^-s),
// sampled by rejection-inversion (Hörmann & Derflinger 1996): O(1) expected
// time per sample, O(1) memory, valid for s = 1. An optional seeded permutation
// maps ranks to keys in [0, n) so that the hot keys are not simply 0..k.
class ZipfSampler {
 public:
  ZipfSampler(std::uint64_t n, double s);
  ZipfSampler(std::uint64_t n, double s, std::uint64_t permutation_seed);

  // A rank in [1, n]; rank 1 is the most frequent.
  std::uint64_t sample_rank(Xoshiro256StarStar& rng) const;
  // A key in [0, n): rank - 1, mapped through the permutation when one is set.
  std::uint64_t sample(Xoshiro256StarStar& rng) const;
  // The key that a rank maps to.
  std::uint64_t key_of_rank(std::uint64_t rank) const;

  std::uint64_t n() const { return n_; }
  double exponent() const { return s_; }

 private:
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  // h_integral(k + 0.5) - h(k) for the hottest ranks, where most rejection
  // tests happen: a fixed 64-entry table (independent of n).
  static constexpr std::size_t kAcceptTableSize = 64;

  std::uint64_t n_;
  double s_;
  double accept_bound_[kAcceptTableSize] = {};
  double h_integral_x1_;
  double h_integral_n_;
  double threshold_;
  std::optional<SeededPermutation> permutation_;
};

// Exact Zipf probabilities p_1..p_n (for tests and analytic models; O(n)).
double zipf_probability(std::uint64_t n, double s, std::uint64_t rank);

}  // namespace marketbench::core
