#include "marketbench/market/price_store.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "market_test_support.hpp"
#include "marketbench/market/market_generator.hpp"

namespace marketbench::market {
namespace {

using testing::throws_with;

bool same_bar(const Bar& a, const Bar& b) {
  return a.open == b.open && a.high == b.high && a.low == b.low &&
         a.close == b.close && a.volume == b.volume;
}

PriceStore store_of(const Market& market, std::size_t expected_days) {
  PriceStore store(market.stocks(), expected_days);
  for (std::size_t d = 0; d < market.days(); ++d) {
    store.append_day(market.day(d));
  }
  return store;
}

TEST(PriceStore, HistoryAndLatestMatchTheAppendedDays) {
  const Market market = generate_market(30, 40, 5);
  const PriceStore store = store_of(market, 0);  // grows several times
  ASSERT_EQ(store.days(), 40u);
  for (StockId id = 0; id < 30; ++id) {
    const OhlcvView h = store.history(id);
    ASSERT_EQ(h.days(), 40u);
    for (std::size_t d = 0; d < 40; ++d) {
      const Bar& b = market.bar(id, d);
      ASSERT_EQ(h.open[d], b.open);
      ASSERT_EQ(h.high[d], b.high);
      ASSERT_EQ(h.low[d], b.low);
      ASSERT_EQ(h.close[d], b.close);
      ASSERT_EQ(h.volume[d], b.volume);
    }
    EXPECT_TRUE(same_bar(store.latest(id), market.bar(id, 39)));
  }
  EXPECT_EQ(store.history(3).first(10).days(), 10u);
}

TEST(PriceStore, RangeCopiesExactlyTheAskedDays) {
  const Market market = generate_market(8, 25, 6);
  const PriceStore store = store_of(market, 25);
  std::vector<Bar> out(30);
  EXPECT_EQ(store.range(7, 5, 12, out), 7u);
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_TRUE(same_bar(out[i], market.bar(7, 5 + i))) << i;
  }
  EXPECT_EQ(store.range(0, 0, 25, out), 25u);
  EXPECT_TRUE(same_bar(out[24], market.bar(0, 24)));
  EXPECT_EQ(store.range(0, 25, 25, out), 0u);  // empty range is fine
}

TEST(PriceStore, RejectsBadRangesAndIds) {
  const Market market = generate_market(4, 10, 6);
  const PriceStore store = store_of(market, 10);
  std::vector<Bar> out(10);
  EXPECT_TRUE(throws_with<std::out_of_range>([&] { store.range(0, 6, 5, out); },
                                             "[6, 5)"));
  EXPECT_TRUE(throws_with<std::out_of_range>(
      [&] { store.range(0, 0, 11, out); }, "[0, 11)"));
  EXPECT_TRUE(throws_with<std::out_of_range>([&] { store.range(4, 0, 1, out); },
                                             "stock id 4"));
  std::vector<Bar> small(2);
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { store.range(0, 0, 3, small); }, "holds 2"));
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { store.latest(9); }, "stock id 9"));
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { store.history(4); }, "stock id 4"));
}

TEST(PriceStore, RejectsBadAppendsAndEmptyLatest) {
  EXPECT_TRUE(
      throws_with<std::invalid_argument>([] { PriceStore(0); }, "got 0"));
  PriceStore store(3);
  EXPECT_TRUE(throws_with<std::out_of_range>([&] { store.latest(1); },
                                             "no day stored"));
  EXPECT_EQ(store.history(1).days(), 0u);
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { store.append_day(std::vector<Bar>(2)); }, "got 2 bars"));
}

TEST(PriceStore, ExpectedDaysAvoidReallocation) {
  const Market market = generate_market(10, 252, 2);
  PriceStore store(10, 252);
  store.append_day(market.day(0));
  const double* before = store.history(9).close.data();
  for (std::size_t d = 1; d < 252; ++d) store.append_day(market.day(d));
  EXPECT_EQ(store.capacity_days(), 252u);
  EXPECT_EQ(store.history(9).close.data(), before);
  // One more day grows, and keeps everything.
  store.append_day(market.day(0));
  EXPECT_GT(store.capacity_days(), 252u);
  EXPECT_EQ(store.history(9).close[251], market.bar(9, 251).close);
  EXPECT_EQ(store.latest(9).close, market.bar(9, 0).close);
}

}  // namespace
}  // namespace marketbench::market
