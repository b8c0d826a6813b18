#include "marketbench/market/market.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "market_test_support.hpp"

namespace marketbench::market {
namespace {

using testing::throws_with;

TEST(Market, AppendsDaysAndReadsThemBack) {
  Market market({"AAA", "BBB"});
  EXPECT_EQ(market.stocks(), 2u);
  EXPECT_EQ(market.days(), 0u);
  const std::vector<Bar> day0 = {{1, 2, 0.5, 1.5, 100}, {10, 11, 9, 10.5, 7}};
  const std::vector<Bar> day1 = {{1.5, 2, 1, 1.8, 50}, {10, 12, 10, 11, 9}};
  market.append_day(day0);
  market.append_day(day1);
  ASSERT_EQ(market.days(), 2u);
  EXPECT_EQ(market.day(0)[1].close, 10.5);
  EXPECT_EQ(market.bar(0, 1).close, 1.8);
  EXPECT_EQ(market.latest_day()[1].volume, 9);
  EXPECT_EQ(market.symbols()[1], "BBB");
}

TEST(Market, RejectsBadInput) {
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [] { Market(std::vector<std::string>{}); }, "got 0"));
  Market market({"AAA", "BBB"});
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { market.latest_day(); }, "no day"));
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { market.append_day(std::vector<Bar>(3)); }, "got 3 bars"));
  market.append_day(std::vector<Bar>(2));
  EXPECT_TRUE(throws_with<std::out_of_range>([&] { market.day(1); }, "day 1"));
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { market.bar(2, 0); }, "stock id 2"));
}

}  // namespace
}  // namespace marketbench::market
