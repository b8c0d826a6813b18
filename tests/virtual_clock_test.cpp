#include "marketbench/core/virtual_clock.hpp"

#include <gtest/gtest.h>

namespace marketbench::core {
namespace {

TEST(VirtualClock, AdvancesOnlyWhenTold) {
  VirtualClock clock;
  EXPECT_EQ(clock.now_ns(), 0);
  clock.advance(1500);
  EXPECT_EQ(clock.now_ns(), 1500);
  clock.advance_to(1000);  // never backwards
  EXPECT_EQ(clock.now_ns(), 1500);
  clock.advance_to(2'000'000'000);
  EXPECT_DOUBLE_EQ(clock.now_seconds(), 2.0);
  EXPECT_THROW(clock.advance(-1), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::core
