#include "marketbench/core/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace marketbench::core {
namespace {

// Reference outputs of SplitMix64 seeded with 1234567 (Vigna's reference C
// code).
TEST(SplitMix64, GoldenValues) {
  SplitMix64 rng(1234567);
  const std::uint64_t expected[] = {
      6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
      4593380528125082431ULL, 16408922859458223821ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(rng.next_u64(), e);
}

// Reference outputs of xoshiro256** from state {1, 2, 3, 4} (reference C code).
TEST(Xoshiro256StarStar, GoldenValuesFromState) {
  Xoshiro256StarStar rng(std::array<std::uint64_t, 4>{1, 2, 3, 4});
  const std::uint64_t expected[] = {11520ULL,
                                    0ULL,
                                    1509978240ULL,
                                    1215971899390074240ULL,
                                    1216172134540287360ULL,
                                    607988272756665600ULL,
                                    16172922978634559625ULL,
                                    8476171486693032832ULL,
                                    10595114339597558777ULL,
                                    2904607092377533576ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(rng.next_u64(), e);
}

TEST(Xoshiro256StarStar, SeedIsDeterministicAndSeedsDiffer) {
  Xoshiro256StarStar a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto va = a.next_u64();
    EXPECT_EQ(va, b.next_u64());
    EXPECT_NE(va, c.next_u64());
  }
}

TEST(Xoshiro256StarStar, Uniform01InRangeWithSaneMean) {
  Xoshiro256StarStar rng(7);
  double sum = 0;
  constexpr int kN = 100000;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / kN, 0.5, 0.01);
}

TEST(Xoshiro256StarStar, UniformBelowCoversRangeAndRejectsZero) {
  Xoshiro256StarStar rng(9);
  int counts[7] = {};
  for (int i = 0; i < 70000; ++i) {
    const auto v = rng.uniform_below(7);
    ASSERT_LT(v, 7u);
    ++counts[v];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);
  EXPECT_THROW(rng.uniform_below(0), std::invalid_argument);
}

TEST(Xoshiro256StarStar, NormalHasUnitMoments) {
  Xoshiro256StarStar rng(11);
  double sum = 0, sum2 = 0;
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) {
    const double x = rng.normal();
    sum += x;
    sum2 += x * x;
  }
  EXPECT_NEAR(sum / kN, 0.0, 0.01);
  EXPECT_NEAR(sum2 / kN, 1.0, 0.02);
}

TEST(Xoshiro256StarStar, JumpGivesADifferentStream) {
  Xoshiro256StarStar a(5), b(5);
  b.jump();
  EXPECT_NE(a.next_u64(), b.next_u64());
}

TEST(Xoshiro256StarStar, AllZeroStateIsRejected) {
  EXPECT_THROW(Xoshiro256StarStar(std::array<std::uint64_t, 4>{0, 0, 0, 0}),
               std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::core
