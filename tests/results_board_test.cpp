#include "marketbench/pipeline/results_board.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "hand_market.hpp"
#include "marketbench/recommend/top_k.hpp"

namespace marketbench::pipeline {
namespace {

using recommend::Action;
using recommend::Recommendation;
using testing::HandMarket;

std::vector<market::StockId> ids(const std::vector<Recommendation>& list) {
  std::vector<market::StockId> out;
  for (const Recommendation& r : list) out.push_back(r.stock);
  return out;
}

std::vector<Recommendation> hand_recommendations() {
  return {
      {HandMarket::kAAA, "AAA", Action::kBuy, 0.5, 0, 0, 0.6},
      {HandMarket::kAAB, "AAB", Action::kHold, 0.1, 0, 0, 0.3},
      {HandMarket::kBBB, "BBB", Action::kSell, -0.4, 0, 0, 0.5},
      {HandMarket::kCCC, "CCC", Action::kHold, 0.1, 0, 0, 0.2},
  };
}

TEST(PipelineResultsBoard, SummaryByHand) {
  const HandMarket m;
  const PublishedDay day =
      summarize_day(4, hand_recommendations(), m.prices, 1);
  EXPECT_EQ(day.day, 4);
  EXPECT_EQ(day.actions, (std::array<std::size_t, 3>{1, 2, 1}));
  EXPECT_EQ(day.advancers, 2u);
  EXPECT_EQ(day.decliners, 1u);
  EXPECT_EQ(day.unchanged, 1u);
  ASSERT_EQ(day.gainers.size(), 1u);  // capped at `movers`
  EXPECT_EQ(day.gainers[0].stock, HandMarket::kAAA);
  ASSERT_EQ(day.losers.size(), 1u);
  EXPECT_EQ(day.losers[0].stock, HandMarket::kBBB);
  EXPECT_NEAR(day.losers[0].change, -0.1, 1e-12);
  EXPECT_EQ(day.recommendations.size(), 4u);

  // Day 2: AAA, AAB, BBB all move 10%; CCC does not.
  const PublishedDay d2 = summarize_day(2, hand_recommendations(), m.prices, 5);
  EXPECT_EQ(d2.advancers, 1u);  // BBB
  EXPECT_EQ(d2.decliners, 2u);
  ASSERT_EQ(d2.losers.size(), 2u);
  // Equal falls (rounding aside) keep a stable order: by change, then stock.
  EXPECT_TRUE(d2.losers[0].change < d2.losers[1].change ||
              (d2.losers[0].change == d2.losers[1].change &&
               d2.losers[0].stock < d2.losers[1].stock));

  // Day 0 has no previous close.
  const PublishedDay d0 = summarize_day(0, hand_recommendations(), m.prices, 5);
  EXPECT_EQ(d0.unchanged, 4u);
  EXPECT_THROW(summarize_day(5, {}, m.prices, 5), std::out_of_range);
  EXPECT_THROW(summarize_day(-1, {}, m.prices, 5), std::out_of_range);
}

TEST(PipelineResultsBoard, TopKMatchesSelectionAndIsCached) {
  const HandMarket m;
  ResultsBoard board(8, 2);
  EXPECT_EQ(board.current(), nullptr);
  const std::vector<std::size_t> warm = {2};
  EXPECT_EQ(board.publish(std::make_shared<PublishedDay>(summarize_day(
                              4, hand_recommendations(), m.prices, 3)),
                          warm),
            1u);
  const auto day = board.current();
  ASSERT_NE(day, nullptr);
  EXPECT_GT(day->generation, 0u);

  const ResultsBoard::TopList two = board.top_k(*day, 2);
  EXPECT_EQ(board.top_k_stats().hits, 1u);  // warmed by publish
  ASSERT_EQ(two->recommendations.size(), 2u);
  EXPECT_EQ(two->recommendations[0].symbol, "AAA");
  // AAB and CCC tie at 0.1: by symbol.
  EXPECT_EQ(two->recommendations[1].symbol, "AAB");
  const ResultsBoard::TopList all = board.top_k(*day, 10);
  EXPECT_EQ(ids(all->recommendations),
            ids(recommend::top_k(day->recommendations, 10)));
  EXPECT_EQ(board.top_k(*day, 10), all);  // the same cached list
}

TEST(PipelineResultsBoard, ListsCarryTheDaysPredictions) {
  const HandMarket m;
  ResultsBoard board(8, 2);
  auto day = std::make_shared<PublishedDay>(
      summarize_day(4, hand_recommendations(), m.prices, 3));
  // By stock: AAA, AAB, BBB, CCC.
  day->predictions = {{{0.1f, 0.1f, 0.8f}},
                      {{0.3f, 0.4f, 0.3f}},
                      {{0.7f, 0.2f, 0.1f}},
                      {{0.2f, 0.6f, 0.2f}}};
  board.publish(day);
  const auto list = board.top_k(*board.current(), 3);
  ASSERT_EQ(list->predictions.size(), 3u);
  // AAA (0.5), then AAB and CCC tied at 0.1, by symbol.
  EXPECT_EQ(list->predictions[0].probabilities[2], 0.8f);
  EXPECT_EQ(list->predictions[1].probabilities[1], 0.4f);
  EXPECT_EQ(list->predictions[2].probabilities[1], 0.6f);

  // Without predictions the lists have none.
  board.publish(std::make_shared<PublishedDay>(
      summarize_day(4, hand_recommendations(), m.prices, 3)));
  EXPECT_TRUE(board.top_k(*board.current(), 3)->predictions.empty());
}

TEST(PipelineResultsBoard, RepublishingDropsOlderLists) {
  const HandMarket m;
  ResultsBoard board(8, 2);
  board.publish(std::make_shared<PublishedDay>(
      summarize_day(4, hand_recommendations(), m.prices, 3)));
  const auto old_day = board.current();
  const auto old_list = board.top_k(*old_day, 1);
  EXPECT_EQ(old_list->recommendations[0].symbol, "AAA");

  std::vector<Recommendation> changed = hand_recommendations();
  changed[2].score = 0.9;  // BBB now ranks first
  board.publish(
      std::make_shared<PublishedDay>(summarize_day(4, changed, m.prices, 3)));
  const auto new_day = board.current();
  EXPECT_GT(new_day->generation, old_day->generation);
  EXPECT_EQ(board.top_k(*new_day, 1)->recommendations[0].symbol, "BBB");
  // A reader still holding the old day gets that day's answer, never a mix.
  EXPECT_EQ(board.top_k(*old_day, 1)->recommendations[0].symbol, "AAA");
  EXPECT_THROW(board.publish(nullptr), std::invalid_argument);
}

TEST(PipelineResultsBoard, PinnedReadsServeTheCurrentDayAndItsLists) {
  const HandMarket m;
  ResultsBoard board(8, 2);
  EXPECT_EQ(board.current_pinned(), nullptr);
  board.publish(std::make_shared<PublishedDay>(
      summarize_day(4, hand_recommendations(), m.prices, 3)));
  const PublishedDay* day = board.current_pinned();
  ASSERT_NE(day, nullptr);
  EXPECT_EQ(day, board.current().get());
  const cache::CacheStats before = board.top_k_stats();
  const TopKList& two = board.top_k_pinned(*day, 2);
  EXPECT_EQ(ids(two.recommendations),
            ids(recommend::top_k(day->recommendations, 2)));
  // The second request for the same k is served by the thread's own copy:
  // the shared cache is not consulted again.
  EXPECT_EQ(&board.top_k_pinned(*day, 2), &two);
  EXPECT_EQ(board.top_k_stats().hits + board.top_k_stats().misses,
            before.hits + before.misses + 1);

  // A new publication: the pinned day and lists follow it (the old pointers
  // are not used past this point).
  const std::uint64_t first_generation = day->generation;
  std::vector<Recommendation> recs = hand_recommendations();
  recs[3].score = 5.0;
  board.publish(
      std::make_shared<PublishedDay>(summarize_day(4, recs, m.prices, 3)));
  const PublishedDay* next = board.current_pinned();
  ASSERT_NE(next, nullptr);
  EXPECT_GT(next->generation, first_generation);
  const TopKList& top = board.top_k_pinned(*next, 1);
  ASSERT_EQ(top.recommendations.size(), 1u);
  EXPECT_EQ(top.recommendations[0].stock, recs[3].stock);
}

// One publisher, several readers: each reader's list must be the top of the
// very day it read (tsan preset).
TEST(PipelineResultsBoard, ConcurrentReadersDuringPublishes) {
  const HandMarket m;
  ResultsBoard board(16, 4);
  board.publish(std::make_shared<PublishedDay>(
      summarize_day(4, hand_recommendations(), m.prices, 3)));
  std::atomic<bool> done{false};
  std::atomic<int> mismatches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      // At least some reads even if the publisher finishes first.
      for (int reads = 0; reads < 200 || !done.load(); ++reads) {
        const std::size_t k = 1 + static_cast<std::size_t>(t % 3);
        if (t % 2 == 0) {
          const auto day = board.current();
          const auto list = board.top_k(*day, k);
          if (ids(list->recommendations) !=
              ids(recommend::top_k(day->recommendations, k))) {
            ++mismatches;
          }
        } else {  // the platform's path: no shared_ptr copies
          const PublishedDay* day = board.current_pinned();
          const TopKList& list = board.top_k_pinned(*day, k);
          if (ids(list.recommendations) !=
              ids(recommend::top_k(day->recommendations, k))) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (int i = 0; i < 300; ++i) {
    std::vector<Recommendation> recs = hand_recommendations();
    recs[static_cast<std::size_t>(i % 4)].score = 0.01 * (i % 97);
    const std::vector<std::size_t> warm = {1, 2};
    board.publish(
        std::make_shared<PublishedDay>(summarize_day(4, recs, m.prices, 3)),
        warm);
  }
  done.store(true);
  for (std::thread& r : readers) r.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace marketbench::pipeline
