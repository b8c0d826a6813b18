#include "marketbench/store/results_database.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "temp_dir.hpp"

namespace marketbench::store {

// Readable failure output (found by argument-dependent lookup).
void PrintTo(const PriceRow& r, std::ostream* os) {
  *os << fmt::format("PriceRow{{stock {}, day {}, o {} h {} l {} c {} v {}}}",
                     r.stock, r.day, r.bar.open, r.bar.high, r.bar.low,
                     r.bar.close, r.bar.volume);
}
void PrintTo(const PredictionRow& r, std::ostream* os) {
  *os << fmt::format("PredictionRow{{stock {}, day {}, model {}, {} {} {}}}",
                     r.stock, r.day, r.model, r.p_sell, r.p_hold, r.p_buy);
}
void PrintTo(const RecommendationRow& r, std::ostream* os) {
  *os << fmt::format(
      "RecommendationRow{{stock {}, day {}, {}, score {}, "
      "confidence {}}}",
      r.stock, r.day, action_name(r.action), r.score, r.confidence);
}

namespace {

PriceRow price(market::StockId stock, Day day, double close) {
  return {stock, day, market::Bar{close - 1, close + 2, close - 2, close, 1e6}};
}

RecommendationRow rec(market::StockId stock, Day day, Action action,
                      double score, double confidence) {
  return {stock, day, action, score, confidence};
}

PredictionRow prediction(market::StockId stock, Day day, std::string model,
                         double p_sell, double p_hold) {
  return {stock, day, std::move(model), p_sell, p_hold, 1.0 - p_sell - p_hold};
}

std::vector<RecommendationRow> day_of_recs(Day day, int stocks, double bias) {
  std::vector<RecommendationRow> rows;
  for (int s = 0; s < stocks; ++s) {
    rows.push_back(rec(static_cast<market::StockId>(s), day, Action::kHold,
                       bias + s * 0.01, 0.5));
  }
  return rows;
}

TEST(ResultsDatabase, OpensInMemoryByDefault) {
  ResultsDatabase db;
  EXPECT_TRUE(db.in_memory());
  EXPECT_EQ(db.pragma("journal_mode"), "memory");
  EXPECT_EQ(std::stoi(db.pragma("user_version")), kSchemaVersion);
  const RowCounts counts = db.row_counts();
  EXPECT_EQ(counts.prices + counts.predictions + counts.recommendations, 0);
  EXPECT_THROW(db.pragma("user_version; DROP TABLE prices"),
               std::invalid_argument);
  EXPECT_THROW(ResultsDatabase(""), std::invalid_argument);
}

TEST(ResultsDatabase, PricesRoundTrip) {
  ResultsDatabase db;
  const std::vector<PriceRow> rows = {
      {3, 5, market::Bar{10.25, 11.5, 9.75, 11.0, 12345.0}},
      {3, 6, market::Bar{11.0, 11.0, 10.5, 10.5, 0.0}},
  };
  EXPECT_EQ(db.upsert_prices(rows), 2u);
  EXPECT_EQ(db.price_range(3, 5, 6), rows);
  EXPECT_EQ(db.row_counts().prices, 2);
}

TEST(ResultsDatabase, PredictionsRoundTrip) {
  ResultsDatabase db;
  const std::vector<PredictionRow> rows = {
      prediction(4, 7, "mlp-v2", 0.125, 0.5),
      prediction(4, 7, "mlp-v1", 0.25, 0.25),
      prediction(4, 8, "mlp-v1", 1.0, 0.0),
  };
  EXPECT_EQ(db.upsert_predictions(rows), 3u);
  // By model name within a day.
  EXPECT_EQ(db.predictions(4, 7),
            (std::vector<PredictionRow>{rows[1], rows[0]}));
  EXPECT_EQ(db.predictions(4, 8), (std::vector<PredictionRow>{rows[2]}));
  EXPECT_TRUE(db.predictions(5, 7).empty());
}

TEST(ResultsDatabase, RecommendationsRoundTrip) {
  ResultsDatabase db;
  const std::vector<RecommendationRow> rows = {
      rec(1, 2, Action::kBuy, 0.75, 0.875),
      rec(2, 2, Action::kSell, -0.5, 0.25),
      rec(3, 2, Action::kHold, 0.0, 0.0),
  };
  EXPECT_EQ(db.upsert_recommendations(rows), 3u);
  EXPECT_EQ(db.top_recommendations(2, 10),
            (std::vector<RecommendationRow>{rows[0], rows[2], rows[1]}));
  EXPECT_EQ(db.latest_recommendation(2), rows[1]);
}

TEST(ResultsDatabase, SameDayTwiceChangesNothing) {
  ResultsDatabase db;
  const std::vector<PriceRow> prices = {price(1, 0, 100), price(2, 0, 50)};
  const std::vector<PredictionRow> predictions = {
      prediction(1, 0, "m", 0.2, 0.3), prediction(2, 0, "m", 0.1, 0.1)};
  const std::vector<RecommendationRow> recs = {
      rec(1, 0, Action::kBuy, 0.4, 0.9), rec(2, 0, Action::kSell, -0.4, 0.8)};
  const DayResults day{prices, predictions, recs};
  EXPECT_EQ(db.upsert_day(day), 6u);
  const RowCounts before = db.row_counts();
  EXPECT_EQ(db.upsert_day(day), 0u);  // identical values: nothing written
  const RowCounts after = db.row_counts();
  EXPECT_EQ(after.prices, before.prices);
  EXPECT_EQ(after.predictions, before.predictions);
  EXPECT_EQ(after.recommendations, before.recommendations);
  EXPECT_EQ(db.top_recommendations(0, 5), recs);

  // A re-run with a different result updates in place: same counts, new
  // value, and only the changed row counts.
  std::vector<RecommendationRow> rerun = recs;
  rerun[1] = rec(2, 0, Action::kHold, 0.1, 0.6);
  EXPECT_EQ(db.upsert_recommendations(rerun), 1u);
  EXPECT_EQ(db.row_counts().recommendations, 2);
  EXPECT_EQ(db.latest_recommendation(2), rerun[1]);
}

// Hand-worked data for the queries.
class ResultsDatabaseQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.upsert_recommendations(std::vector<RecommendationRow>{
        rec(1, 10, Action::kBuy, 0.8, 0.9),
        rec(1, 11, Action::kHold, 0.1, 0.5),
        rec(1, 9, Action::kSell, -0.5, 0.7),  // out of day order on purpose
        rec(2, 10, Action::kSell, -0.3, 0.4),
        rec(2, 11, Action::kBuy, 0.8, 0.6),
        rec(3, 11, Action::kBuy, 0.8, 0.95),  // ties stock 2 on score
        rec(4, 11, Action::kSell, -0.9, 0.99),
    });
    std::vector<PriceRow> prices;
    for (Day d = 0; d < 10; ++d) prices.push_back(price(7, d, 100 + d));
    prices.push_back(price(8, 4, 20));
    db_.upsert_prices(prices);
  }

  static std::vector<market::StockId> stocks(
      const std::vector<RecommendationRow>& rows) {
    std::vector<market::StockId> ids;
    for (const auto& row : rows) ids.push_back(row.stock);
    return ids;
  }

  ResultsDatabase db_;
};

TEST_F(ResultsDatabaseQueries, LatestRecommendation) {
  EXPECT_EQ(db_.latest_recommendation(1), rec(1, 11, Action::kHold, 0.1, 0.5));
  EXPECT_EQ(db_.latest_recommendation(2), rec(2, 11, Action::kBuy, 0.8, 0.6));
  EXPECT_EQ(db_.latest_recommendation(4),
            rec(4, 11, Action::kSell, -0.9, 0.99));
  EXPECT_FALSE(db_.latest_recommendation(5).has_value());
}

TEST_F(ResultsDatabaseQueries, TopNByScoreTiesByStock) {
  EXPECT_EQ(stocks(db_.top_recommendations(11, 3)),
            (std::vector<market::StockId>{2, 3, 1}));
  EXPECT_EQ(stocks(db_.top_recommendations(11, 100)),
            (std::vector<market::StockId>{2, 3, 1, 4}));
  EXPECT_EQ(
      db_.top_recommendations(10, 1),
      (std::vector<RecommendationRow>{rec(1, 10, Action::kBuy, 0.8, 0.9)}));
  EXPECT_TRUE(db_.top_recommendations(11, 0).empty());
  EXPECT_TRUE(db_.top_recommendations(12, 5).empty());
}

TEST_F(ResultsDatabaseQueries, PriceRange) {
  const auto mid = db_.price_range(7, 3, 5);
  ASSERT_EQ(mid.size(), 3u);
  for (std::size_t i = 0; i < mid.size(); ++i) {
    EXPECT_EQ(mid[i], price(7, static_cast<Day>(3 + i), 103.0 + i));
  }
  const auto tail = db_.price_range(7, 8, 20);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].day, 8);
  EXPECT_EQ(tail[1].day, 9);
  EXPECT_EQ(db_.price_range(8, 0, 100),
            (std::vector<PriceRow>{price(8, 4, 20)}));
  EXPECT_TRUE(db_.price_range(9, 0, 100).empty());
  EXPECT_EQ(db_.price_range(7, 4, 4).size(), 1u);
  try {
    db_.price_range(7, 5, 3);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("first day 5 is after last day 3"),
              std::string::npos);
  }
}

// The rows of day 0 and 1 as stored, to compare before and after a failure.
std::vector<RecommendationRow> snapshot(const ResultsDatabase& db) {
  auto rows = db.top_recommendations(0, 1000);
  const auto day1 = db.top_recommendations(1, 1000);
  rows.insert(rows.end(), day1.begin(), day1.end());
  return rows;
}

TEST(ResultsDatabase, FailureMidBatchLeavesNoPartialRows) {
  ResultsDatabase db;
  db.upsert_recommendations(day_of_recs(0, 10, 0.0));
  const auto before = snapshot(db);

  // Updates of day 0 and inserts of day 1 mixed; the 6th row of 12 is bad.
  std::vector<RecommendationRow> batch = day_of_recs(1, 6, 0.3);
  const auto updates = day_of_recs(0, 6, 0.7);
  batch.insert(batch.begin() + 3, updates.begin(), updates.end());
  batch[5].confidence = 1.5;
  try {
    db.upsert_recommendations(batch);
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), SQLITE_CONSTRAINT_CHECK);
    EXPECT_EQ(e.sqlite_message(),
              "CHECK constraint failed: confidence BETWEEN 0 AND 1");
    const std::string message = e.what();
    EXPECT_NE(message.find("recommendations row 5 of 12 (stock 2, day 0)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("CHECK constraint failed"), std::string::npos);
  }
  EXPECT_EQ(snapshot(db), before);
  EXPECT_EQ(db.row_counts().recommendations, 10);

  // The connection is usable afterwards: the fixed batch goes in whole.
  batch[5].confidence = 0.5;
  EXPECT_EQ(db.upsert_recommendations(batch), 12u);
  EXPECT_EQ(db.row_counts().recommendations, 16);
}

TEST(ResultsDatabase, NanOrInfinityIsRejectedWholeBatch) {
  ResultsDatabase db;
  for (double bad : {std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    auto batch = day_of_recs(0, 8, 0.0);
    batch[4].score = bad;
    EXPECT_THROW(db.upsert_recommendations(batch), DatabaseError);
    EXPECT_EQ(db.row_counts().recommendations, 0);
  }
  std::vector<PredictionRow> predictions;
  for (int s = 0; s < 5; ++s)
    predictions.push_back(prediction(s, 0, "m", 0.2, 0.2));
  predictions[2].p_buy = std::numeric_limits<double>::quiet_NaN();
  try {
    db.upsert_predictions(predictions);
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    // NaN binds as NULL.
    EXPECT_EQ(e.sqlite_message(),
              "NOT NULL constraint failed: predictions.p_buy");
  }
  predictions[2].p_buy = 0.5;  // sums to 0.9
  try {
    db.upsert_predictions(predictions);
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlite_message(),
              "CHECK constraint failed: probabilities_sum_to_one");
  }
  EXPECT_EQ(db.row_counts().predictions, 0);
  std::vector<PriceRow> prices = {price(1, 0, 10), price(1, 1, 10)};
  prices[1].bar.high = 5;  // below the close
  EXPECT_THROW(db.upsert_prices(prices), DatabaseError);
  EXPECT_EQ(db.row_counts().prices, 0);
  auto bad_action = day_of_recs(0, 3, 0.0);
  bad_action[1].action = static_cast<Action>(7);
  EXPECT_THROW(db.upsert_recommendations(bad_action), DatabaseError);
  EXPECT_EQ(db.row_counts().recommendations, 0);
}

TEST(ResultsDatabase, FailedDayLeavesNoTableTouched) {
  ResultsDatabase db;
  const std::vector<PriceRow> prices = {price(1, 0, 10), price(2, 0, 20)};
  const std::vector<PredictionRow> predictions = {
      prediction(1, 0, "m", 0.1, 0.1), prediction(2, 0, "m", 0.1, 0.1)};
  auto recs = day_of_recs(0, 3, 0.0);
  recs[1].confidence = -0.1;  // fails after prices and predictions went in
  EXPECT_THROW(db.upsert_day({prices, predictions, recs}), DatabaseError);
  const RowCounts counts = db.row_counts();
  EXPECT_EQ(counts.prices, 0);
  EXPECT_EQ(counts.predictions, 0);
  EXPECT_EQ(counts.recommendations, 0);
}

// The latest-day table is written by a trigger inside the day's transaction,
// so a day that fails leaves the previous day as every stock's latest.
TEST(ResultsDatabase, FailedDayLeavesTheLatestDayAsItWas) {
  ResultsDatabase db;
  db.upsert_day({{}, {}, day_of_recs(0, 3, 0.0)});
  auto next = day_of_recs(1, 3, 0.2);
  next[2].score = std::numeric_limits<double>::infinity();  // last row fails
  EXPECT_THROW(db.upsert_day({{}, {}, next}), DatabaseError);
  for (market::StockId s = 0; s < 3; ++s) {
    ASSERT_TRUE(db.latest_recommendation(s).has_value());
    EXPECT_EQ(db.latest_recommendation(s)->day, 0) << "stock " << s;
  }
  next[2].score = 0.25;
  EXPECT_EQ(db.upsert_day({{}, {}, next}), 3u);
  EXPECT_EQ(db.latest_recommendation(2), rec(2, 1, Action::kHold, 0.25, 0.5));
}

TEST(ResultsDatabase, FileModeUsesWalAndNormalSync) {
  testing::TempDir dir;
  const std::string path = dir.file("results.db");
  {
    ResultsDatabase db(path);
    EXPECT_FALSE(db.in_memory());
    EXPECT_EQ(db.path(), path);
    EXPECT_EQ(db.pragma("journal_mode"), "wal");
    EXPECT_EQ(db.pragma("synchronous"), "1");  // NORMAL
    db.upsert_recommendations(day_of_recs(3, 20, 0.0));
    EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
    EXPECT_TRUE(std::filesystem::exists(path + "-shm"));
  }
  // Persisted, and WAL mode is a property of the file.
  ResultsDatabase reopened(path);
  EXPECT_EQ(reopened.row_counts().recommendations, 20);
  Database raw(path);
  EXPECT_EQ(raw.query_text("PRAGMA journal_mode"), "wal");
}

TEST(ResultsDatabase, OptionsSetSynchronousCacheAndCheckpointPragmas) {
  testing::TempDir dir;
  for (const auto& [level, pragma] :
       {std::pair{Synchronous::kOff, "0"}, std::pair{Synchronous::kNormal, "1"},
        std::pair{Synchronous::kFull, "2"}}) {
    ResultsDatabaseOptions options;
    options.synchronous = level;
    options.cache_kib = 4096;
    options.wal_autocheckpoint_pages = 123;
    ResultsDatabase db(dir.file("options.db"), options);
    EXPECT_EQ(db.pragma("synchronous"), pragma) << synchronous_name(level);
    EXPECT_EQ(db.pragma("cache_size"), "-4096");
    EXPECT_EQ(db.pragma("wal_autocheckpoint"), "123");
    EXPECT_EQ(db.options().synchronous, level);
  }
}

TEST(ResultsDatabase, DefaultOptionsAreNormalSyncAndALargeCache) {
  const ResultsDatabaseOptions defaults;
  EXPECT_EQ(defaults.synchronous, Synchronous::kNormal);
  ResultsDatabase db;
  EXPECT_EQ(db.pragma("cache_size"), "-" + std::to_string(defaults.cache_kib));
  EXPECT_TRUE(db.checkpoint());  // nothing to do in memory
}

TEST(ResultsDatabase, BadOptionsAreRejectedNamingTheValue) {
  ResultsDatabaseOptions zero_cache;
  zero_cache.cache_kib = 0;
  try {
    ResultsDatabase db(ResultsDatabase::kInMemory, zero_cache);
    FAIL() << "cache_kib 0 accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("cache_kib 0"), std::string::npos)
        << error.what();
  }
  ResultsDatabaseOptions bad_level;
  bad_level.synchronous = static_cast<Synchronous>(7);
  EXPECT_THROW(ResultsDatabase(ResultsDatabase::kInMemory, bad_level),
               std::invalid_argument);
}

TEST(ResultsDatabase, CheckpointEmptiesTheWal) {
  testing::TempDir dir;
  const std::string path = dir.file("checkpoint.db");
  ResultsDatabaseOptions options;
  options.wal_autocheckpoint_pages = 0;  // only explicit checkpoints
  ResultsDatabase db(path, options);
  db.upsert_recommendations(day_of_recs(3, 200, 0.0));
  EXPECT_GT(std::filesystem::file_size(path + "-wal"), 0u);
  EXPECT_TRUE(db.checkpoint());
  EXPECT_EQ(std::filesystem::file_size(path + "-wal"), 0u);
  ResultsDatabase reopened(path);
  EXPECT_EQ(reopened.row_counts().recommendations, 200);
}

TEST(ResultsDatabase, MalformedFileIsAnErrorNamingIt) {
  testing::TempDir dir;
  const std::string path = dir.file("truncated.db");
  {
    std::ofstream out(path, std::ios::binary);
    out << "SQLite format 3";  // a header cut short
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(i * 7));
  }
  try {
    ResultsDatabase db(path);
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.database(), path);
    EXPECT_FALSE(e.sqlite_message().empty());
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(ResultsDatabase, SharedAcrossThreads) {
  ResultsDatabase db;
  constexpr int kThreads = 4;
  constexpr int kBatches = 25;
  constexpr int kStocksPerThread = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&db, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<RecommendationRow> rows;
        for (int s = 0; s < kStocksPerThread; ++s) {
          rows.push_back(rec(static_cast<market::StockId>(t * 100 + s), b,
                             Action::kBuy, t + s * 0.001, 0.5));
        }
        db.upsert_recommendations(rows);
        const auto latest = db.latest_recommendation(t * 100);
        ASSERT_TRUE(latest.has_value());
        EXPECT_EQ(latest->day, b);
        db.top_recommendations(b, 5);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(db.row_counts().recommendations,
            kThreads * kBatches * kStocksPerThread);
}

TEST(ResultsDatabase, ConnectionPerThreadOnOneFile) {
  testing::TempDir dir;
  const std::string path = dir.file("shared.db");
  ResultsDatabase writer(path);
  ResultsDatabase reader(path);
  constexpr int kDays = 20;
  std::thread write([&writer] {
    for (Day d = 0; d < kDays; ++d)
      writer.upsert_recommendations(day_of_recs(d, 50, 0.0));
  });
  // WAL: reads proceed while the writer commits; each sees a whole day.
  for (int i = 0; i < 200; ++i) {
    const auto latest = reader.latest_recommendation(0);
    if (latest) {
      EXPECT_EQ(reader.top_recommendations(latest->day, 100).size(), 50u);
    }
  }
  write.join();
  EXPECT_EQ(reader.row_counts().recommendations, kDays * 50);
}

TEST(ResultsDatabase, MovesKeepTheConnection) {
  ResultsDatabase a;
  a.upsert_recommendations(day_of_recs(0, 3, 0.0));
  ResultsDatabase b(std::move(a));
  EXPECT_EQ(b.row_counts().recommendations, 3);
}

}  // namespace
}  // namespace marketbench::store
