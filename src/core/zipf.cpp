#include "marketbench/core/zipf.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace marketbench::core {

namespace {

// log1p(x)/x. Away from 0, log(1 + x) is as good as log1p for sampling
// (relative error < 1e-11 for |x| > 1e-4) and much cheaper; near 0 the series
// (truncation error < x^4) takes over.
double helper1(double x) {
  if (std::abs(x) > 1e-4) return std::log(1.0 + x) / x;
  return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

// expm1(x)/x, by the same reasoning as helper1.
double helper2(double x) {
  if (std::abs(x) > 1e-4) return (std::exp(x) - 1.0) / x;
  return 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
}

// Round function of the Feistel network: one multiply, keyed.
std::uint64_t feistel_round(std::uint64_t half, std::uint64_t key,
                            unsigned half_bits) {
  return ((half ^ key) * 0x9e3779b97f4a7c15ULL) >> (64 - half_bits);
}

}  // namespace

SeededPermutation::SeededPermutation(std::uint64_t n, std::uint64_t seed)
    : n_(n) {
  if (n == 0) throw std::invalid_argument("SeededPermutation: n must be > 0");
  unsigned bits = 2;
  while (bits < 64 && (std::uint64_t{1} << bits) < n) bits += 2;
  half_bits_ = bits / 2;
  half_mask_ = (std::uint64_t{1} << half_bits_) - 1;
  SplitMix64 sm(seed);
  for (auto& k : keys_) k = sm.next_u64();
}

std::uint64_t SeededPermutation::encrypt(std::uint64_t x) const {
  std::uint64_t left = x >> half_bits_;
  std::uint64_t right = x & half_mask_;
  for (std::uint64_t key : keys_) {
    const std::uint64_t next = left ^ feistel_round(right, key, half_bits_);
    left = right;
    right = next;
  }
  return (left << half_bits_) | right;
}

std::uint64_t SeededPermutation::operator()(std::uint64_t x) const {
  // Cycle walking: the domain is at most 4n, so this takes < 4 steps on
  // average.
  std::uint64_t y = encrypt(x);
  while (y >= n_) y = encrypt(y);
  return y;
}

ZipfSampler::ZipfSampler(std::uint64_t n, double s) : n_(n), s_(s) {
  if (n == 0) throw std::invalid_argument("ZipfSampler: n must be > 0 (got 0)");
  if (!(s > 0.0) || !std::isfinite(s)) {
    throw std::invalid_argument(fmt::format(
        "ZipfSampler: exponent s must be finite and > 0 (got {})", s));
  }
  h_integral_x1_ = h_integral(1.5) - 1.0;
  h_integral_n_ = h_integral(static_cast<double>(n) + 0.5);
  threshold_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
  for (std::size_t k = 1; k < kAcceptTableSize; ++k) {
    accept_bound_[k] =
        h_integral(static_cast<double>(k) + 0.5) - h(static_cast<double>(k));
  }
}

ZipfSampler::ZipfSampler(std::uint64_t n, double s,
                         std::uint64_t permutation_seed)
    : ZipfSampler(n, s) {
  permutation_.emplace(n, permutation_seed);
}

double ZipfSampler::h(double x) const { return std::exp(-s_ * std::log(x)); }

double ZipfSampler::h_integral(double x) const {
  const double log_x = std::log(x);
  return helper2((1.0 - s_) * log_x) * log_x;
}

double ZipfSampler::h_integral_inverse(double x) const {
  double t = x * (1.0 - s_);
  if (t < -1.0) t = -1.0;  // guards against rounding just past the domain
  return std::exp(helper1(t) * x);
}

std::uint64_t ZipfSampler::sample_rank(Xoshiro256StarStar& rng) const {
  const double n = static_cast<double>(n_);
  while (true) {
    const double u =
        h_integral_n_ + rng.uniform01() * (h_integral_x1_ - h_integral_n_);
    const double x = h_integral_inverse(u);
    double k = std::floor(x + 0.5);
    if (k < 1.0) {
      k = 1.0;
    } else if (k > n) {
      k = n;
    }
    if (k - x <= threshold_) return static_cast<std::uint64_t>(k);
    const auto rank = static_cast<std::uint64_t>(k);
    const double bound = rank < kAcceptTableSize ? accept_bound_[rank]
                                                 : h_integral(k + 0.5) - h(k);
    if (u >= bound) return rank;
  }
}

std::uint64_t ZipfSampler::key_of_rank(std::uint64_t rank) const {
  return permutation_ ? (*permutation_)(rank - 1) : rank - 1;
}

std::uint64_t ZipfSampler::sample(Xoshiro256StarStar& rng) const {
  return key_of_rank(sample_rank(rng));
}

double zipf_probability(std::uint64_t n, double s, std::uint64_t rank) {
  double norm = 0.0;
  for (std::uint64_t k = n; k >= 1; --k)
    norm += std::pow(static_cast<double>(k), -s);
  return std::pow(static_cast<double>(rank), -s) / norm;
}

}  // namespace marketbench::core
