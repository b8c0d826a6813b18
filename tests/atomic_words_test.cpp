#include "marketbench/cache/detail/atomic_words.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace marketbench::cache::detail {
namespace {

struct Twelve {
  std::uint32_t a, b, c;
  friend bool operator==(const Twelve&, const Twelve&) = default;
};

TEST(AtomicWords, RoundTripsOddSizes) {
  static_assert(AtomicWords<Twelve>::kWords == 2);
  static_assert(AtomicWords<std::uint8_t>::kWords == 1);
  static_assert(AtomicWords<std::array<std::uint64_t, 3>>::kWords == 3);
  AtomicWords<Twelve> twelve(Twelve{1, 2, 3});
  EXPECT_EQ(twelve.load(), (Twelve{1, 2, 3}));
  twelve.store(Twelve{0xffffffffu, 0, 7});
  EXPECT_EQ(twelve.load(), (Twelve{0xffffffffu, 0, 7}));
  AtomicWords<std::uint8_t> byte(std::uint8_t{200});
  EXPECT_EQ(byte.load(), 200);
  AtomicWords<std::array<float, 3>> floats(
      std::array<float, 3>{0.25f, 0.5f, 0.25f});
  EXPECT_EQ(floats.load(), (std::array<float, 3>{0.25f, 0.5f, 0.25f}));
}

TEST(AtomicWords, HoldsComparesBytes) {
  AtomicWords<Twelve> words(Twelve{1, 2, 3});
  EXPECT_TRUE(words.holds(Twelve{1, 2, 3}));
  EXPECT_FALSE(words.holds(Twelve{1, 2, 4}));
  EXPECT_FALSE(words.holds(Twelve{0, 2, 3}));
  AtomicWords<double> zero(0.0);
  EXPECT_FALSE(zero.holds(-0.0));  // equal as doubles, not as bytes
}

}  // namespace
}  // namespace marketbench::cache::detail
