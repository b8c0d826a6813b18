#include "marketbench/ml/labels.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "marketbench/market/market_generator.hpp"
#include "marketbench/ml/feature_extractor.hpp"

namespace marketbench::ml {
namespace {

TEST(Labels, BandIsHoldBandTimesRecentVolatility) {
  const LabelConfig config;  // hold_band 0.43
  EXPECT_EQ(label_for_return(0.0045, 0.01, config), Action::kBuy);
  EXPECT_EQ(label_for_return(0.0042, 0.01, config), Action::kHold);
  EXPECT_EQ(label_for_return(-0.0042, 0.01, config), Action::kHold);
  EXPECT_EQ(label_for_return(-0.0045, 0.01, config), Action::kSell);
  EXPECT_EQ(label_for_return(0.0, 0.0, config), Action::kHold);
}

TEST(Labels, RecentVolatilityIsPopulationStdOfLastReturns) {
  LabelConfig config;
  config.volatility_days = 2;
  // returns +10%, -10% (the first close is outside the window).
  const std::vector<double> close = {50.0, 100.0, 110.0, 99.0};
  EXPECT_NEAR(recent_volatility(close, config), 0.1, 1e-12);
  EXPECT_THROW(recent_volatility(std::span(close).first(2), config),
               std::invalid_argument);
}

market::PriceStore store_of(std::size_t stocks, std::size_t days,
                            std::uint64_t seed) {
  market::MarketGenerator gen(stocks, seed, market::PriceProcess::kRegime);
  market::PriceStore store(stocks, days);
  for (std::size_t d = 0; d < days; ++d) store.append_day(gen.next_day());
  return store;
}

TEST(Labels, RowsAreDayMajorFeaturesAsOfTheDayAndNextDayLabels) {
  const market::PriceStore store = store_of(5, 140, 3);
  const LabelledRows rows = build_labelled_rows(store, 130, 133);
  ASSERT_EQ(rows.rows(), 15u);
  EXPECT_EQ(rows.days, 3u);
  FeatureExtractor extractor;
  std::vector<float> expected(FeatureExtractor::kFeatureCount);
  const std::size_t row = 1 * 5 + 3;  // day 131, stock 3
  const auto history = store.history(3);
  extractor.extract(history.first(132), expected);
  for (std::size_t k = 0; k < expected.size(); ++k)
    EXPECT_EQ(rows.features[row * 50 + k], expected[k]) << k;
  const double next = history.close[132] / history.close[131] - 1.0;
  EXPECT_EQ(rows.next_returns[row], next);
  EXPECT_EQ(rows.labels[row],
            static_cast<std::uint8_t>(label_for_return(
                next, recent_volatility(history.close.first(132)))));
}

TEST(Labels, RejectsDaysWithoutFullWindowOrNextDay) {
  const market::PriceStore store = store_of(2, 140, 3);
  EXPECT_THROW(build_labelled_rows(store, 126, 130), std::invalid_argument);
  EXPECT_THROW(build_labelled_rows(store, 130, 140), std::invalid_argument);
  EXPECT_THROW(build_labelled_rows(store, 130, 130), std::invalid_argument);
  EXPECT_NO_THROW(build_labelled_rows(store, 127, 139));
}

TEST(Labels, ClassesAreRoughlyBalancedOnTheLearnableMarket) {
  const market::PriceStore store = store_of(100, 200, 8);
  const LabelledRows rows = build_labelled_rows(store, 127, 199);
  EXPECT_GT(rows.majority_rate(), 1.0 / 3.0);
  EXPECT_LT(rows.majority_rate(), 0.40);
}

TEST(Labels, SplitDaysIsOrderedAndCoversTheUsableDays) {
  const DaySplit s = split_days(627, 0.6, 0.2);
  EXPECT_EQ(s.first, 127u);
  EXPECT_EQ(s.validation_begin, 127u + 299u);
  EXPECT_EQ(s.test_begin, 127u + 299u + 99u);
  EXPECT_EQ(s.end, 626u);
  EXPECT_THROW(split_days(129, 0.6, 0.2), std::invalid_argument);
  EXPECT_THROW(split_days(627, 0.8, 0.2), std::invalid_argument);
  EXPECT_THROW(split_days(627, 0.0, 0.2), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::ml
