#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace marketbench::core {

// SplitMix64 (Steele, Lea, Flood 2014): used to seed other generators and as
// a tiny stand-alone generator. Its output is fixed by the algorithm, so golden
// values hold on every standard library.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t state_;
};

// xoshiro256** 1.0 (Blackman, Vigna 2018). Also a UniformRandomBitGenerator.
class Xoshiro256StarStar {
 public:
  using result_type = std::uint64_t;

  // Seeds the four state words from SplitMix64(seed), as the authors advise.
  explicit Xoshiro256StarStar(std::uint64_t seed);
  // Raw state (must not be all zero); used for reference vectors.
  explicit Xoshiro256StarStar(const std::array<std::uint64_t, 4>& state);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
  }
  // Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject).
  // bound > 0.
  std::uint64_t uniform_below(std::uint64_t bound);
  // Standard normal deviate (Marsaglia polar method; deterministic given the
  // seed).
  double normal();
  // Advances the state by 2^128 calls: non-overlapping streams for threads.
  void jump();

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() {
    return std::numeric_limits<result_type>::max();
  }
  result_type operator()() { return next_u64(); }

 private:
  std::array<std::uint64_t, 4> s_{};
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

// Cheap, well-mixed 64-bit hash (the SplitMix64 finaliser); used for routing
// keys.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace marketbench::core
