#include "marketbench/recommend/signals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "marketbench/indicators/rsi.hpp"
#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/price_store.hpp"

namespace marketbench::recommend {
namespace {

market::PriceStore make_store(std::size_t stocks, std::size_t days,
                              std::uint64_t seed) {
  const market::Market m = market::generate_market(stocks, days, seed);
  market::PriceStore store(stocks, days);
  for (std::size_t d = 0; d < days; ++d) store.append_day(m.day(d));
  return store;
}

TEST(Signals, RuleScoreStaysInRangeOnGeneratedMarkets) {
  const RuleConfig config;
  SignalScratch scratch;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const market::PriceStore store = make_store(40, 260, seed);
    for (market::StockId id = 0; id < store.stocks(); ++id) {
      for (std::size_t t = config.min_history() - 1; t < store.days(); t += 7) {
        const Signals s =
            compute_signals(store.history(id).first(t + 1), config, scratch);
        const SignalScores v = score_signals(s, config);
        for (double x : {v.rsi, v.macd, v.ma_cross, v.bollinger, v.momentum}) {
          ASSERT_TRUE(std::isfinite(x));
          ASSERT_GE(x, -1.0);
          ASSERT_LE(x, 1.0);
        }
        const double score = rule_score(v, config);
        ASSERT_GE(score, -1.0);
        ASSERT_LE(score, 1.0);
      }
    }
  }
}

TEST(Signals, MatchTheIndicatorsComputedByHand) {
  const RuleConfig config;
  const market::PriceStore store = make_store(3, 200, 9);
  SignalScratch scratch;
  for (market::StockId id = 0; id < store.stocks(); ++id) {
    const market::OhlcvView h = store.history(id);
    const std::span<const double> c = h.close;
    const std::size_t t = c.size() - 1;
    const Signals s = compute_signals(h, config, scratch);
    EXPECT_EQ(s.close, c[t]);
    double sum20 = 0, sum50 = 0;
    for (std::size_t i = 0; i < 20; ++i) sum20 += c[t - i];
    for (std::size_t i = 0; i < 50; ++i) sum50 += c[t - i];
    EXPECT_NEAR(s.sma_fast, sum20 / 20, 1e-9 * c[t]);
    EXPECT_NEAR(s.sma_slow, sum50 / 50, 1e-9 * c[t]);
    double var = 0;
    for (std::size_t i = 0; i < 20; ++i)
      var += (c[t - i] - sum20 / 20) * (c[t - i] - sum20 / 20);
    const double sd = std::sqrt(var / 20);  // population standard deviation
    EXPECT_NEAR(s.bollinger_upper, sum20 / 20 + 2 * sd, 1e-9 * c[t]);
    EXPECT_NEAR(s.bollinger_lower, sum20 / 20 - 2 * sd, 1e-9 * c[t]);
    EXPECT_NEAR(s.momentum, c[t] / c[t - 20] - 1, 1e-12);
    // RSI and MACD read the last `window` closes only.
    std::vector<double> rsi_out(config.window);
    const auto r =
        indicators::rsi(c.last(config.window), config.rsi_period, rsi_out);
    EXPECT_DOUBLE_EQ(s.rsi, rsi_out[r.count - 1]);
  }
}

TEST(Signals, OlderHistoryBeyondTheWindowDoesNotMatter) {
  const RuleConfig config;
  const market::PriceStore store = make_store(1, 400, 4);
  SignalScratch scratch;
  const market::OhlcvView full = store.history(0);
  const market::OhlcvView tail{
      full.open.last(config.window), full.high.last(config.window),
      full.low.last(config.window), full.close.last(config.window),
      full.volume.last(config.window)};
  const Signals a = compute_signals(full, config, scratch);
  const Signals b = compute_signals(tail, config, scratch);
  EXPECT_EQ(a.rsi, b.rsi);
  EXPECT_EQ(a.macd_histogram, b.macd_histogram);
  EXPECT_EQ(rule_score(a, config), rule_score(b, config));
}

TEST(Signals, ShortHistoryThrowsNamingTheDayCounts) {
  const RuleConfig config;
  const market::PriceStore store = make_store(1, 60, 5);
  SignalScratch scratch;
  EXPECT_NO_THROW(compute_signals(store.history(0).first(50), config, scratch));
  try {
    compute_signals(store.history(0).first(49), config, scratch);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("49 days"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("need 50"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace marketbench::recommend
