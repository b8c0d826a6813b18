#include "marketbench/platform/platform.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <typeinfo>
#include <vector>

#include "hand_market.hpp"
#include "marketbench/pipeline/deployment.hpp"
#include "marketbench/platform/request_generator.hpp"
#include "temp_dir.hpp"

namespace marketbench::platform {
namespace {

using recommend::Action;
using testing::HandMarket;

constexpr store::Day kDay = 4;  // the hand market's last day
constexpr std::int32_t kCalendarDay0 = 20089;

// The hand market with a published day 4, one prediction in the cache (AAA)
// and one in the database only (AAB).
struct HandPlatform {
  HandMarket m;
  pipeline::ResultsBoard board{16, 2};
  cache::PredictionCache predictions{64, 4};
  store::ResultsDatabase db;
  Platform platform{{&m.prices, &m.index, &board, &predictions, &db}};

  void publish() {
    std::vector<recommend::Recommendation> recs = {
        {HandMarket::kAAA, "AAA", Action::kBuy, 0.5, 0.4, 0.6, 0.6},
        {HandMarket::kAAB, "AAB", Action::kHold, 0.1, 0.0, 0.2, 0.3},
        {HandMarket::kBBB, "BBB", Action::kSell, -0.4, -0.5, -0.3, 0.5},
        {HandMarket::kCCC, "CCC", Action::kHold, 0.0, 0.0, 0.0, 0.2},
    };
    board.publish(std::make_shared<pipeline::PublishedDay>(
        pipeline::summarize_day(kDay, recs, m.prices, 10)));
    predictions.put({1, HandMarket::kAAA, kCalendarDay0 + kDay},
                    {{0.1f, 0.2f, 0.7f}});
    const std::vector<store::PredictionRow> rows = {
        {HandMarket::kAAB, kDay, "mlp", 0.25, 0.5, 0.25},
        {HandMarket::kAAB, kDay, "other", 0.9, 0.05, 0.05},
        {HandMarket::kAAB, kDay - 1, "mlp", 0.6, 0.2, 0.2},
    };
    db.upsert_predictions(rows);
  }
};

// A copy: the response is usually a temporary.
template <typename T>
T ok_result(const Response& response) {
  EXPECT_EQ(response.status, Status::kOk) << response.error;
  if (const T* result = std::get_if<T>(&response.result)) return *result;
  ADD_FAILURE() << "no " << typeid(T).name() << " in the response";
  return T{};
}

TEST(Platform, DashboardByHand) {
  HandPlatform h;
  h.publish();
  const Response response = h.platform.handle(DashboardRequest{1});
  EXPECT_EQ(response.kind, RequestKind::kDashboard);
  const auto d = ok_result<DashboardResult>(response);
  EXPECT_EQ(d.day, kDay);
  EXPECT_EQ(d.stocks, 4u);
  EXPECT_EQ(d.actions, (std::array<std::size_t, 3>{1, 2, 1}));
  EXPECT_EQ(d.advancers, 2u);  // AAA +10%, AAB +5%
  EXPECT_EQ(d.decliners, 1u);  // BBB -10%
  EXPECT_EQ(d.unchanged, 1u);  // CCC
  ASSERT_EQ(d.gainers.size(), 1u);
  EXPECT_EQ(d.gainers[0].symbol, "AAA");
  EXPECT_DOUBLE_EQ(d.gainers[0].close, 119.79);
  EXPECT_NEAR(d.gainers[0].change, 0.1, 1e-12);
  ASSERT_EQ(d.losers.size(), 1u);
  EXPECT_EQ(d.losers[0].symbol, "BBB");
  EXPECT_NEAR(d.losers[0].change, -0.1, 1e-12);

  const auto all =
      ok_result<DashboardResult>(h.platform.handle(DashboardRequest{5}));
  ASSERT_EQ(all.gainers.size(), 2u);
  EXPECT_EQ(all.gainers[1].symbol, "AAB");
  EXPECT_NEAR(all.gainers[1].change, 0.05, 1e-12);
  EXPECT_EQ(all.losers.size(), 1u);
}

TEST(Platform, RecommendationsThroughTheCachesByHand) {
  HandPlatform h;
  h.publish();
  const Response first = h.platform.handle(RecommendationsRequest{2});
  const auto r = ok_result<RecommendationsResult>(first);
  EXPECT_EQ(r.day, kDay);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].symbol, "AAA");
  EXPECT_EQ(r.items[0].action, Action::kBuy);
  EXPECT_DOUBLE_EQ(r.items[0].score, 0.5);
  EXPECT_DOUBLE_EQ(r.items[0].confidence, 0.6);
  EXPECT_TRUE(r.items[0].has_probabilities);
  EXPECT_EQ(r.items[0].probabilities, (std::array<float, 3>{0.1f, 0.2f, 0.7f}));
  EXPECT_EQ(r.items[1].symbol, "AAB");
  // Not cached: read from the database (model "mlp", day 4) ...
  EXPECT_EQ(r.items[1].probabilities,
            (std::array<float, 3>{0.25f, 0.5f, 0.25f}));
  EXPECT_EQ(r.probabilities_from_cache, 1u);
  EXPECT_EQ(r.probabilities_from_database, 1u);
  // ... and cached: the second request does not touch the database.
  const auto again = ok_result<RecommendationsResult>(
      h.platform.handle(RecommendationsRequest{2}));
  EXPECT_EQ(again.probabilities_from_cache, 2u);
  EXPECT_EQ(again.probabilities_from_database, 0u);

  // k beyond the universe: everything, best first; no prediction anywhere
  // for BBB and CCC.
  const auto all = ok_result<RecommendationsResult>(
      h.platform.handle(RecommendationsRequest{10}));
  ASSERT_EQ(all.items.size(), 4u);
  EXPECT_EQ(all.items[2].symbol, "CCC");
  EXPECT_EQ(all.items[3].symbol, "BBB");
  EXPECT_FALSE(all.items[2].has_probabilities);
  EXPECT_FALSE(all.items[3].has_probabilities);
}

TEST(Platform, RecommendationsOfAPipelineDayCarryTheirProbabilities) {
  HandPlatform h;
  h.publish();
  auto day = std::make_shared<pipeline::PublishedDay>(*h.board.current());
  day->predictions = {{{0.1f, 0.1f, 0.8f}},
                      {{0.3f, 0.4f, 0.3f}},
                      {{0.7f, 0.2f, 0.1f}},
                      {{0.2f, 0.6f, 0.2f}}};  // AAA, AAB, BBB, CCC
  h.board.publish(day);
  const auto r = ok_result<RecommendationsResult>(
      h.platform.handle(RecommendationsRequest{10}));
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(r.probabilities_from_top_k, 4u);
  EXPECT_EQ(r.probabilities_from_cache + r.probabilities_from_database, 0u);
  EXPECT_EQ(r.items[3].symbol, "BBB");
  EXPECT_EQ(r.items[3].probabilities, (std::array<float, 3>{0.7f, 0.2f, 0.1f}));
}

TEST(Platform, SearchByHand) {
  HandPlatform h;
  const auto aa =
      ok_result<SearchResult>(h.platform.handle(SearchRequest{"AA", 10}));
  ASSERT_EQ(aa.matches.size(), 2u);
  EXPECT_EQ(aa.total_matches, 2u);
  EXPECT_EQ(aa.matches[0].symbol, "AAA");
  EXPECT_EQ(aa.matches[1].symbol, "AAB");
  EXPECT_DOUBLE_EQ(aa.matches[1].last_close, 57.1725);
  const auto limited =
      ok_result<SearchResult>(h.platform.handle(SearchRequest{"AA", 1}));
  ASSERT_EQ(limited.matches.size(), 1u);
  EXPECT_EQ(limited.total_matches, 2u);
  const auto none =
      ok_result<SearchResult>(h.platform.handle(SearchRequest{"Z", 10}));
  EXPECT_TRUE(none.matches.empty());
  EXPECT_EQ(h.platform.handle(SearchRequest{"A", 0}).status,
            Status::kBadRequest);
}

TEST(Platform, QuotesByHand) {
  HandPlatform h;
  const auto q = ok_result<QuotesResult>(
      h.platform.handle(QuotesRequest{{"BBB", "AAA", "BBB"}}));
  EXPECT_EQ(q.day, kDay);
  ASSERT_EQ(q.quotes.size(), 3u);
  EXPECT_EQ(q.quotes[0].symbol, "BBB");
  EXPECT_DOUBLE_EQ(q.quotes[0].bar.close, 160.38);
  EXPECT_DOUBLE_EQ(q.quotes[0].bar.volume, 1004.0);
  EXPECT_DOUBLE_EQ(q.quotes[1].bar.close, 119.79);
  EXPECT_EQ(q.quotes[2].stock, HandMarket::kBBB);
}

TEST(Platform, PortfolioAndAnalyticsAreServed) {
  HandPlatform h;
  PortfolioRequest portfolio;
  portfolio.holdings = {{"AAA", 10, 100}};
  portfolio.window = 4;
  EXPECT_NEAR(ok_result<PortfolioResult>(h.platform.handle(portfolio)).value,
              1197.9, 1e-9);
  const auto a = ok_result<AnalyticsResult>(
      h.platform.handle(AnalyticsRequest{{"AAA", "BBB"}, 4}));
  EXPECT_NEAR(a.correlation_at(0, 1), -1.0, 1e-9);
}

TEST(Platform, ErrorsAreResponsesNotExceptions) {
  HandPlatform h;
  // Nothing published yet.
  Response r = h.platform.handle(DashboardRequest{});
  EXPECT_EQ(r.status, Status::kUnavailable);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r.result));
  EXPECT_EQ(h.platform.handle(RecommendationsRequest{5}).status,
            Status::kUnavailable);
  h.publish();
  EXPECT_EQ(h.platform.handle(RecommendationsRequest{0}).status,
            Status::kBadRequest);
  EXPECT_EQ(h.platform.handle(RecommendationsRequest{kMaxTopK + 1}).status,
            Status::kBadRequest);
  r = h.platform.handle(QuotesRequest{{"AAA", "XYZ"}});
  EXPECT_EQ(r.status, Status::kNotFound);
  EXPECT_NE(r.error.find("XYZ"), std::string::npos) << r.error;
  EXPECT_EQ(h.platform.handle(QuotesRequest{}).status, Status::kBadRequest);
  EXPECT_EQ(h.platform.handle(AnalyticsRequest{{"AAA"}, 50}).status,
            Status::kUnavailable);
  EXPECT_EQ(h.platform.handle(DashboardRequest{0}).status, Status::kBadRequest);
  EXPECT_EQ(status_name(Status::kNotFound), "not_found");
}

TEST(Platform, RejectsMissingSources) {
  HandMarket m;
  pipeline::ResultsBoard board;
  EXPECT_THROW(Platform({&m.prices, nullptr, &board}), std::invalid_argument);
  const std::vector<std::string> two = {"AAA", "BBB"};
  const market::SymbolIndex small(two);
  EXPECT_THROW(Platform({&m.prices, &small, &board}), std::invalid_argument);
}

// Many users at once against a pipeline-built back end on a file database,
// while another thread keeps dropping the prediction cache (so that requests
// read SQLite through the reader connections) and republishing the day.
// Run under the tsan preset.
TEST(PlatformConcurrency, MixedRequestsWhileCachesAreDroppedAndDayRepublished) {
  const marketbench::testing::TempDir dir;
  pipeline::DeploymentConfig config;
  config.stocks = 80;
  config.history_days = 140;
  config.lookahead_days = 2;
  config.database_path = dir.file("results.db");
  pipeline::Deployment deployment(config);
  const pipeline::PipelineReport report = deployment.run_next_day();
  ASSERT_EQ(report.succeeded, config.stocks);

  PlatformConfig platform_config;
  platform_config.reader_connections = 3;
  Platform platform(
      {&deployment.prices(), &deployment.index(), &deployment.board(),
       &deployment.predictions(), &deployment.database()},
      platform_config);

  constexpr int kThreads = 8;
  constexpr int kRequests = 150;
  // Republished without its predictions, the day's probabilities come from
  // the prediction cache or, after the drops below, from SQLite through the
  // reader connections. (With them, the top-K lists carry the probabilities
  // and no request would reach the database.)
  const auto republish = [&] {
    auto copy =
        std::make_shared<pipeline::PublishedDay>(*deployment.board().current());
    copy->predictions.clear();
    const std::vector<std::size_t> warm = {10};
    deployment.board().publish(std::move(copy), warm);
  };
  deployment.predictions().invalidate_all();
  republish();
  std::atomic<bool> done{false};
  std::thread chaos([&] {
    while (!done.load()) {
      deployment.predictions().invalidate_all();
      republish();
      std::this_thread::yield();
    }
  });
  std::vector<int> failures(kThreads, 0);
  std::vector<int> without_probabilities(kThreads, 0);
  std::vector<int> served(kThreads, 0);
  std::vector<std::size_t> from_database(kThreads, 0);
  std::vector<std::thread> users;
  const std::span<const std::string> symbols = deployment.feed().symbols();
  for (int t = 0; t < kThreads; ++t) {
    users.emplace_back([&, t] {
      RequestGenerator generator(symbols, 100 + static_cast<std::uint64_t>(t));
      for (int i = 0; i < kRequests; ++i) {
        const Response response = platform.handle(generator.next());
        ++served[t];
        if (!response.ok()) {
          ++failures[t];
          continue;
        }
        if (const auto* r =
                std::get_if<RecommendationsResult>(&response.result)) {
          from_database[t] += r->probabilities_from_database;
          for (const RecommendedStock& item : r->items) {
            if (!item.has_probabilities) ++without_probabilities[t];
          }
        }
      }
    });
  }
  for (std::thread& user : users) user.join();
  done.store(true);
  chaos.join();
  EXPECT_GT(std::accumulate(from_database.begin(), from_database.end(),
                            std::size_t{0}),
            0u)
      << "no request reached the database";
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(served[t], kRequests);
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    // Every stock's prediction is in the database, so a cache miss is
    // always answered.
    EXPECT_EQ(without_probabilities[t], 0) << "thread " << t;
  }
}

}  // namespace
}  // namespace marketbench::platform
