#include "marketbench/recommend/recommendation_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "marketbench/market/market_generator.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"
#include "marketbench/recommend/top_k.hpp"
#include "ml/dense_kernel.hpp"

namespace marketbench::recommend {
namespace {

constexpr std::size_t kStocks = 150;
constexpr std::size_t kDays = 200;
constexpr std::size_t kAsOf = kDays - 1;
constexpr market::StockId kBadCloseStock = 7;    // caught before the rules
constexpr market::StockId kBadVolumeStock = 11;  // caught before the features
constexpr std::size_t kLateListing =
    150;  // listed on day 150: 50 days as of day 199

bool listed_late(market::StockId id) { return id % 10 == 3; }

// A generated market in which every tenth stock listed late (too little
// history), one stock has a NaN close and one a negative volume inside the
// window the engine reads.
struct World {
  market::MarketGenerator generator{kStocks, 42};
  market::PriceStore store{kStocks, kDays};
  std::vector<std::size_t> listed_on;
  std::shared_ptr<const ml::Mlp> model =
      std::make_shared<const ml::Mlp>(ml::Mlp::random(7));
  std::vector<market::StockId> universe;

  World() {
    for (std::size_t d = 0; d < kDays; ++d) {
      const auto day = generator.next_day();
      std::vector<market::Bar> bars(day.begin(), day.end());
      if (d == kDays - 10)
        bars[kBadCloseStock].close = std::numeric_limits<double>::quiet_NaN();
      if (d == kDays - 20) bars[kBadVolumeStock].volume = -1;
      store.append_day(bars);
    }
    for (market::StockId id = 0; id < kStocks; ++id) {
      listed_on.push_back(listed_late(id) ? kLateListing : 0);
      universe.push_back(id);
    }
  }

  MarketData data() const {
    return {&store,
            std::vector<std::string>(generator.symbols().begin(),
                                     generator.symbols().end()),
            listed_on};
  }
};

const World& world() {
  static const World w;
  return w;
}

EngineConfig config_with_batch(std::size_t batch) {
  EngineConfig c;
  c.batch_size = batch;
  return c;
}

void expect_identical(const std::vector<Recommendation>& a,
                      const std::vector<Recommendation>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].stock, b[i].stock) << i;
    EXPECT_EQ(a[i].symbol, b[i].symbol) << i;
    EXPECT_EQ(a[i].action, b[i].action) << i;
    EXPECT_EQ(a[i].score, b[i].score) << i;
    EXPECT_EQ(a[i].rule_score, b[i].rule_score) << i;
    EXPECT_EQ(a[i].ml_score, b[i].ml_score) << i;
    EXPECT_EQ(a[i].confidence, b[i].confidence) << i;
  }
}

TEST(RecommendationEngine, IsDeterministic) {
  const World& w = world();
  cache::PredictionCache cache_a(1024), cache_b(1024);
  const RecommendationEngine a(w.data(), w.model, 1, cache_a);
  const RecommendationEngine b(w.data(), w.model, 1, cache_b);
  const RecommendationResult ra = a.recommend(w.universe, kAsOf, 20);
  const RecommendationResult rb = b.recommend(w.universe, kAsOf, 20);
  expect_identical(ra.recommendations, rb.recommendations);
  ASSERT_EQ(ra.skipped.size(), rb.skipped.size());
  for (std::size_t i = 0; i < ra.skipped.size(); ++i)
    EXPECT_EQ(ra.skipped[i].stock, rb.skipped[i].stock);
  // A fresh model from the same seed gives the same answer too.
  cache::PredictionCache cache_c(1024);
  const RecommendationEngine c(
      w.data(), std::make_shared<const ml::Mlp>(ml::Mlp::random(7)), 1,
      cache_c);
  expect_identical(c.recommend(w.universe, kAsOf, 20).recommendations,
                   ra.recommendations);
}

TEST(RecommendationEngine, TopKEqualsTheFirstKOfAFullSort) {
  const World& w = world();
  cache::PredictionCache cache(1024);
  const RecommendationEngine engine(w.data(), w.model, 1, cache);
  EngineWorkspace ws(engine);
  RecommendationResult all;
  engine.score_universe(w.universe, kAsOf, ws, all);
  std::vector<Recommendation> sorted = all.recommendations;
  std::sort(sorted.begin(), sorted.end(), ranks_before);
  RecommendationResult top;
  for (std::size_t k : {std::size_t{0}, std::size_t{1}, std::size_t{10},
                        sorted.size(), sorted.size() + 5}) {
    engine.recommend(w.universe, kAsOf, k, ws, top);
    const auto n = static_cast<std::ptrdiff_t>(std::min(k, sorted.size()));
    expect_identical(
        top.recommendations,
        std::vector<Recommendation>(sorted.begin(), sorted.begin() + n));
    EXPECT_EQ(top.stats.scored, sorted.size());
  }
}

TEST(RecommendationEngine, ShortHistoryAndBadDataAreReportedAndCounted) {
  const World& w = world();
  cache::PredictionCache cache(1024);
  const RecommendationEngine engine(w.data(), w.model, 1, cache);
  EXPECT_EQ(engine.min_history(), 128u);
  const RecommendationResult r = engine.recommend(w.universe, kAsOf, 5);

  std::set<market::StockId> expected_short;
  for (market::StockId id = 0; id < kStocks; ++id) {
    if (listed_late(id)) expected_short.insert(id);
  }
  std::set<market::StockId> short_history, bad_data;
  for (const SkippedStock& s : r.skipped) {
    EXPECT_EQ(s.symbol, w.generator.symbols()[s.stock]);
    EXPECT_EQ(s.days_required, 128u);
    if (s.reason == SkipReason::kInsufficientHistory) {
      short_history.insert(s.stock);
      EXPECT_EQ(s.days_available, kAsOf + 1 - kLateListing);
    } else {
      EXPECT_EQ(s.reason, SkipReason::kInvalidData);
      bad_data.insert(s.stock);
    }
  }
  EXPECT_EQ(short_history, expected_short);
  EXPECT_EQ(bad_data,
            (std::set<market::StockId>{kBadCloseStock, kBadVolumeStock}));
  EXPECT_EQ(r.stats.stocks, kStocks);
  EXPECT_EQ(r.stats.skipped, r.skipped.size());
  EXPECT_EQ(r.stats.skipped_by_reason[0], expected_short.size());
  EXPECT_EQ(r.stats.skipped_by_reason[1], 2u);
  EXPECT_EQ(r.stats.scored + r.stats.skipped, r.stats.stocks);
  EXPECT_EQ(skip_reason_name(SkipReason::kInsufficientHistory),
            "insufficient_history");
  EXPECT_EQ(skip_reason_name(SkipReason::kInvalidData), "invalid_data");

  // Every stock is either scored exactly once or skipped: none dropped.
  EngineWorkspace ws(engine);
  RecommendationResult all;
  engine.score_universe(w.universe, kAsOf, ws, all);
  std::set<market::StockId> seen;
  for (const Recommendation& rec : all.recommendations)
    EXPECT_TRUE(seen.insert(rec.stock).second);
  for (const SkippedStock& s : all.skipped)
    EXPECT_TRUE(seen.insert(s.stock).second);
  EXPECT_EQ(seen.size(), kStocks);

  // Early in the store's life every stock is short of history.
  const RecommendationResult early = engine.recommend(w.universe, 100, 5);
  EXPECT_TRUE(early.recommendations.empty());
  EXPECT_EQ(early.stats.skipped_by_reason[0], kStocks);
}

TEST(RecommendationEngine, SecondPassIsServedFromTheCache) {
  const World& w = world();
  cache::PredictionCache cache(1024);
  const RecommendationEngine engine(w.data(), w.model, 1, cache,
                                    config_with_batch(16));
  EngineWorkspace ws(engine);
  RecommendationResult first, second;
  engine.score_universe(w.universe, kAsOf, ws, first);
  const std::size_t scored = first.stats.scored;
  // The bad-volume stock reaches the lookup (its closes are fine), misses,
  // and is skipped before the features: one miss more than inferred.
  const std::size_t looked_up = scored + 1;
  EXPECT_EQ(first.stats.cache_misses, looked_up);
  EXPECT_EQ(first.stats.inferred, scored);
  EXPECT_EQ(first.stats.cache_hits, 0u);
  EXPECT_EQ(first.stats.inference_calls, (looked_up + 15) / 16);
  EXPECT_EQ(cache.size(), scored);

  const auto before = cache.stats();
  engine.score_universe(w.universe, kAsOf, ws, second);
  EXPECT_EQ(second.stats.inferred, 0u);  // the model ran for zero stocks
  EXPECT_EQ(second.stats.inference_calls, 0u);
  EXPECT_EQ(second.stats.cache_hits, scored);
  EXPECT_EQ(second.stats.cache_misses, 1u);  // the bad-volume stock, again
  EXPECT_EQ(cache.stats().misses, before.misses + 1);
  expect_identical(second.recommendations, first.recommendations);
  EXPECT_EQ(second.skipped.size(), first.skipped.size());

  // Another day is another key: cold again.
  RecommendationResult yesterday;
  engine.score_universe(w.universe, kAsOf - 1, ws, yesterday);
  EXPECT_EQ(yesterday.stats.inferred, yesterday.stats.scored);
  EXPECT_EQ(yesterday.stats.cache_hits, 0u);
}

TEST(RecommendationEngine, ScoresAreConsistentWithTheirParts) {
  const World& w = world();
  cache::PredictionCache cache(1024);
  const RecommendationEngine engine(w.data(), w.model, 1, cache);
  EngineWorkspace ws(engine);
  RecommendationResult all;
  engine.score_universe(w.universe, kAsOf, ws, all);
  ASSERT_FALSE(all.recommendations.empty());

  ml::FeatureExtractor extractor;
  ml::InferenceWorkspace inference(*w.model, 1);
  SignalScratch scratch;
  const EngineConfig& config = engine.config();
  std::set<Action> actions;
  for (const Recommendation& r : all.recommendations) {
    const market::OhlcvView h = w.store.history(r.stock).first(kAsOf + 1);
    std::vector<float> features(ml::FeatureExtractor::kFeatureCount), probs(3);
    extractor.extract(h, features);
    w.model->infer(features, probs, inference);
    EXPECT_NEAR(r.ml_score, static_cast<double>(probs[2]) - probs[0], 1e-6)
        << r.symbol;
    EXPECT_DOUBLE_EQ(
        r.rule_score,
        rule_score(compute_signals(h, config.rules, scratch), config.rules));
    const Decision d = decide(r.rule_score, r.ml_score, config.decision);
    EXPECT_EQ(r.action, d.action);
    EXPECT_DOUBLE_EQ(r.score, d.score);
    EXPECT_DOUBLE_EQ(r.confidence, d.confidence);
    EXPECT_GE(r.score, -1.0);
    EXPECT_LE(r.score, 1.0);
    EXPECT_GE(r.confidence, 0.0);
    EXPECT_LE(r.confidence, 1.0);
    actions.insert(r.action);
  }
  EXPECT_GE(actions.size(), 2u) << "thresholds put every stock in one class";
}

TEST(RecommendationEngine, BatchSizeDoesNotChangeTheAnswer) {
  const World& w = world();
  cache::PredictionCache cache_1(1024), cache_64(1024);
  const RecommendationEngine one(w.data(), w.model, 1, cache_1,
                                 config_with_batch(1));
  const RecommendationEngine many(w.data(), w.model, 1, cache_64,
                                  config_with_batch(64));
  const auto a = one.recommend(w.universe, kAsOf, 1000).recommendations;
  const auto b = many.recommend(w.universe, kAsOf, 1000).recommendations;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i].score, b[i].score, 1e-6);
  EXPECT_EQ(one.recommend(w.universe, kAsOf, 1).stats.inference_calls,
            0u);  // warm
}

// Threads share the engine and a cache too small for the universe (entries
// are evicted and recomputed while other threads read them); every answer
// must match the one computed alone. With the batch-invariant SIMD kernels
// the match is exact. Eigen's GEMM (the fallback, e.g. in sanitizer builds)
// rounds a sample differently depending on the batch it is in, and which
// stocks share a batch depends on what other threads have cached: there the
// scores may differ in the last float bits.
TEST(RecommendationEngine, ConcurrentRequestsGiveIdenticalAnswers) {
  const World& w = world();
  cache::PredictionCache cache(256, 8);
  const RecommendationEngine engine(w.data(), w.model, 1, cache,
                                    config_with_batch(8));
  constexpr std::size_t kSlices = 5;
  const auto slice = [&](std::size_t s) {
    return std::span<const market::StockId>(w.universe).subspan(s * 30, 30);
  };
  std::vector<std::vector<Recommendation>> expected;
  {
    cache::PredictionCache own(1024);
    const RecommendationEngine reference(w.data(), w.model, 1, own,
                                         config_with_batch(8));
    for (std::size_t s = 0; s < kSlices; ++s)
      expected.push_back(
          reference.recommend(slice(s), kAsOf, 5).recommendations);
  }
  const double tolerance =
      ml::best_kernel_isa() == ml::KernelIsa::kEigen ? 1e-6 : 0.0;
  constexpr int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<double> worst(kThreads, 0.0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const auto me = static_cast<std::size_t>(t);
      EngineWorkspace ws(engine);
      RecommendationResult r;
      for (int i = 0; i < 20; ++i) {
        const std::size_t s = (me + static_cast<std::size_t>(i)) % kSlices;
        const std::size_t as_of = kAsOf - static_cast<std::size_t>(i % 3);
        engine.recommend(slice(s), as_of, 5, ws, r);
        if (as_of != kAsOf) continue;
        const auto& want = expected[s];
        bool same = r.recommendations.size() == want.size();
        for (std::size_t j = 0; same && j < want.size(); ++j) {
          const Recommendation& got = r.recommendations[j];
          const double diff =
              std::max(std::abs(got.score - want[j].score),
                       std::abs(got.confidence - want[j].confidence));
          worst[me] = std::max(worst[me], diff);
          same = got.stock == want[j].stock && got.action == want[j].action &&
                 diff <= tolerance;
        }
        if (!same) ++mismatches[me];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t t = 0; t < kThreads; ++t) {
    EXPECT_EQ(mismatches[t], 0)
        << "thread " << t << ", largest difference " << worst[t];
  }
}

TEST(RecommendationEngine, WarmRequestsAllocateOnlyTheirResult) {
  if (!metrics::jemalloc_available())
    GTEST_SKIP() << metrics::jemalloc_unavailable_reason();
  const World& w = world();
  cache::PredictionCache cache(1024);
  const RecommendationEngine engine(w.data(), w.model, 1, cache);
  EngineWorkspace ws(engine);
  RecommendationResult r;
  engine.recommend(w.universe, kAsOf, 10, ws,
                   r);  // sizes the workspace and the result
  metrics::ThreadAllocations counter;
  const auto start = counter.snapshot();
  engine.recommend(w.universe, kAsOf, 10, ws, r);
  EXPECT_EQ(counter.since(start).allocated, 0u);
}

TEST(RecommendationEngine, BadInputThrowsNamingIt) {
  const World& w = world();
  cache::PredictionCache cache(64);
  const RecommendationEngine engine(w.data(), w.model, 1, cache);
  const auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(message([&] {
              engine.recommend(w.universe, kDays, 1);
            }).find("as-of day 200"),
            std::string::npos);
  const std::vector<market::StockId> unknown = {1, 9999};
  EXPECT_NE(message([&] {
              engine.recommend(unknown, kAsOf, 1);
            }).find("stock id 9999"),
            std::string::npos);

  MarketData short_symbols = w.data();
  short_symbols.symbols.pop_back();
  EXPECT_NE(message([&] {
              RecommendationEngine(short_symbols, w.model, 1, cache);
            }).find("149 symbols"),
            std::string::npos);
  const std::size_t small[] = {10, 4, 3};
  const auto narrow =
      std::make_shared<const ml::Mlp>(ml::Mlp::random(small, 1));
  EXPECT_NE(message([&] {
              RecommendationEngine(w.data(), narrow, 1, cache);
            }).find("takes 10 inputs"),
            std::string::npos);
  EXPECT_NE(message([&] {
              RecommendationEngine(w.data(), w.model, 1, cache,
                                   config_with_batch(0));
            }).find("batch_size"),
            std::string::npos);
  EXPECT_NE(message([&] {
              RecommendationEngine(w.data(), nullptr, 1, cache);
            }).find("no model"),
            std::string::npos);
}

}  // namespace
}  // namespace marketbench::recommend
