#include "store/schema.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "marketbench/store/results_database.hpp"
#include "store/sqlite.hpp"
#include "temp_dir.hpp"

namespace marketbench::store {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Schema, CreatesTheCurrentVersionInAnEmptyDatabase) {
  Database db(":memory:");
  EXPECT_EQ(schema_version(db), 0);
  ensure_schema(db);
  EXPECT_EQ(schema_version(db), kSchemaVersion);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema WHERE type = "
                         "'table'"),
            4);
  ensure_schema(db);  // idempotent
  EXPECT_EQ(schema_version(db), kSchemaVersion);
}

TEST(Schema, RefusesANewerVersionNamingFileAndVersions) {
  testing::TempDir dir;
  const std::string path = dir.file("newer.db");
  {
    Database db(path);
    ensure_schema(db);
    db.execute(fmt::format("PRAGMA user_version = {}", kSchemaVersion + 1));
  }
  try {
    ResultsDatabase results(path);
    FAIL() << "no exception";
  } catch (const SchemaVersionError& e) {
    EXPECT_EQ(e.database(), path);
    EXPECT_EQ(e.found_version(), kSchemaVersion + 1);
    EXPECT_EQ(e.supported_version(), kSchemaVersion);
    const std::string message = e.what();
    EXPECT_TRUE(contains(message, path)) << message;
    EXPECT_TRUE(
        contains(message, fmt::format("schema version {}", kSchemaVersion + 1)))
        << message;
    EXPECT_TRUE(
        contains(message, fmt::format("version {} that this", kSchemaVersion)))
        << message;
  }
  // Refused before anything was changed: not even the journal mode.
  Database db(path);
  EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "delete");
  EXPECT_EQ(schema_version(db), kSchemaVersion + 1);
}

TEST(Schema, RefusesAForeignDatabase) {
  Database db(":memory:");
  db.execute("CREATE TABLE prices (symbol TEXT, price REAL)");
  try {
    ensure_schema(db);
    FAIL() << "no exception";
  } catch (const SchemaVersionError& e) {
    EXPECT_EQ(e.found_version(), 0);
    EXPECT_TRUE(contains(e.what(), "not a marketbench results database"));
  }
}

// The query plan of `sql` with its parameters left unbound.
std::string query_plan(Database& db, std::string_view sql) {
  Statement plan(db, fmt::format("EXPLAIN QUERY PLAN {}", sql));
  std::string text;
  while (plan.step()) text += plan.column_text(3) + "\n";
  return text;
}

TEST(Schema, QueriesUseTheirIndexes) {
  Database db(":memory:");
  ensure_schema(db);
  const std::string latest = query_plan(db, sql::kLatestRecommendation);
  EXPECT_TRUE(contains(latest, "SEARCH l USING INTEGER PRIMARY KEY (rowid=?)"))
      << latest;
  EXPECT_TRUE(
      contains(latest, "SEARCH r USING PRIMARY KEY (day=? AND stock_id=?)"))
      << latest;
  const std::string top = query_plan(db, sql::kTopRecommendations);
  EXPECT_TRUE(contains(top, "USING INDEX recommendations_by_day_score (day=?)"))
      << top;
  const std::string range = query_plan(db, sql::kPriceRange);
  EXPECT_TRUE(
      contains(range, "SEARCH p USING PRIMARY KEY (day=? AND stock_id=?)"))
      << range;
  const std::string predictions = query_plan(db, sql::kPredictionsOfDay);
  EXPECT_TRUE(contains(predictions,
                       "SEARCH predictions USING PRIMARY KEY "
                       "(day=? AND stock_id=?)"))
      << predictions;
  // No full scan of a table (the price range steps through its own list of
  // days) and no sorting after the fact except that list's.
  for (const auto& plan : {latest, top, predictions}) {
    EXPECT_FALSE(contains(plan, "SCAN")) << plan;
    EXPECT_FALSE(contains(plan, "TEMP B-TREE")) << plan;
  }
  EXPECT_FALSE(contains(range, "SCAN p")) << range;
  EXPECT_FALSE(contains(range, "SCAN prices")) << range;
}

// The version 1 schema exactly as marketbench 0.3.0 created it (tables keyed
// stock first), so that the tests build what an older release left behind.
constexpr std::string_view kV1Schema = R"sql(
CREATE TABLE prices (
  stock_id INTEGER NOT NULL CHECK (stock_id >= 0),
  day      INTEGER NOT NULL,
  open     REAL NOT NULL,
  high     REAL NOT NULL,
  low      REAL NOT NULL,
  close    REAL NOT NULL,
  volume   REAL NOT NULL,
  PRIMARY KEY (stock_id, day),
  CONSTRAINT bar_consistent CHECK (low > 0 AND low <= open AND open <= high
    AND low <= close AND close <= high AND high <= 1.7976931348623157e308),
  CONSTRAINT volume_valid CHECK (volume >= 0
    AND volume <= 1.7976931348623157e308)
) STRICT, WITHOUT ROWID;

CREATE TABLE predictions (
  stock_id INTEGER NOT NULL CHECK (stock_id >= 0),
  day      INTEGER NOT NULL,
  model    TEXT NOT NULL CHECK (length(model) > 0),
  p_sell   REAL NOT NULL CHECK (p_sell BETWEEN 0 AND 1),
  p_hold   REAL NOT NULL CHECK (p_hold BETWEEN 0 AND 1),
  p_buy    REAL NOT NULL CHECK (p_buy BETWEEN 0 AND 1),
  PRIMARY KEY (stock_id, day, model),
  CONSTRAINT probabilities_sum_to_one
    CHECK (abs(p_sell + p_hold + p_buy - 1.0) <= 1e-4)
) STRICT, WITHOUT ROWID;

CREATE TABLE recommendations (
  stock_id   INTEGER NOT NULL CHECK (stock_id >= 0),
  day        INTEGER NOT NULL,
  action     INTEGER NOT NULL CHECK (action BETWEEN 0 AND 2),
  score      REAL NOT NULL,
  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  PRIMARY KEY (stock_id, day),
  CONSTRAINT score_finite CHECK (abs(score) <= 1.7976931348623157e308)
) STRICT, WITHOUT ROWID;

-- Top N of a day: one index range scan, already in output order.
CREATE INDEX recommendations_by_day_score
  ON recommendations (day, score DESC, stock_id);
)sql";

// Stocks 0..4 x days 0..3 in every table, except stock 3 on day 3 (its latest
// recommendation is day 2); two models predict stock 1.
constexpr std::string_view kV1Rows = R"sql(
WITH RECURSIVE s(stock) AS (SELECT 0 UNION ALL SELECT stock + 1 FROM s
                            WHERE stock < 4),
  d(day) AS (SELECT 0 UNION ALL SELECT day + 1 FROM d WHERE day < 3),
  rows(stock, day) AS (SELECT stock, day FROM s, d
                       WHERE NOT (stock = 3 AND day = 3))
INSERT INTO prices SELECT stock, day, 10.5 + stock + day, 12.0 + stock + day,
  9.0 + stock + day, 11.25 + stock + day, 1000.0 * (stock + 1) FROM rows;
WITH RECURSIVE s(stock) AS (SELECT 0 UNION ALL SELECT stock + 1 FROM s
                            WHERE stock < 4),
  d(day) AS (SELECT 0 UNION ALL SELECT day + 1 FROM d WHERE day < 3),
  rows(stock, day) AS (SELECT stock, day FROM s, d
                       WHERE NOT (stock = 3 AND day = 3))
INSERT INTO recommendations SELECT stock, day, (stock + day) % 3,
  0.1 * stock - 0.01 * day, 0.5 + 0.1 * day FROM rows;
INSERT INTO predictions VALUES (1, 2, 'b', 0.25, 0.25, 0.5),
  (1, 2, 'a', 0.5, 0.25, 0.25), (4, 0, 'a', 0.125, 0.375, 0.5);
PRAGMA user_version = 1;
)sql";

// Every row of `table` (its first `columns` columns), ordered by stock then
// day, as text.
std::string dump(Database& db, std::string_view table, int columns) {
  Statement rows(db,
                 fmt::format("SELECT * FROM {} ORDER BY stock_id, day{}", table,
                             table == "predictions" ? ", model" : ""));
  std::string text;
  while (rows.step()) {
    for (int c = 0; c < columns; ++c) {
      text += rows.column_text(c) + " ";
    }
    text += "\n";
  }
  return text;
}

std::string dump_all(Database& db) {
  return dump(db, "prices", 7) + dump(db, "predictions", 6) +
         dump(db, "recommendations", 5);
}

TEST(Schema, MigratesAVersion1DatabaseKeepingEveryRow) {
  testing::TempDir dir;
  const std::string path = dir.file("v1.db");
  std::string before;
  {
    Database db(path);
    db.execute(kV1Schema);
    db.execute(kV1Rows);
    before = dump_all(db);
  }
  ASSERT_EQ(std::count(before.begin(), before.end(), '\n'), 19 + 3 + 19);
  {
    ResultsDatabase results(path);
    EXPECT_EQ(results.pragma("user_version"), std::to_string(kSchemaVersion));
    EXPECT_EQ(results.row_counts().prices, 19);
    EXPECT_EQ(results.row_counts().predictions, 3);
    EXPECT_EQ(results.row_counts().recommendations, 19);
    // The queries see the migrated rows, the latest days included.
    EXPECT_EQ(results.latest_recommendation(3)->day, 2);
    EXPECT_EQ(results.latest_recommendation(4)->day, 3);
    EXPECT_EQ(results.top_recommendations(3, 1).at(0).stock, 4);
    EXPECT_EQ(results.price_range(1, 0, 99).size(), 4u);
    EXPECT_EQ(results.predictions(1, 2).size(), 2u);
    // And it takes new days.
    const std::vector<RecommendationRow> day = {{3, 4, Action::kBuy, 0.5, 0.5}};
    EXPECT_EQ(results.upsert_recommendations(day), 1u);
    EXPECT_EQ(results.latest_recommendation(3)->day, 4);
  }
  Database db(path);
  EXPECT_EQ(schema_version(db), kSchemaVersion);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema WHERE name LIKE "
                         "'%_v1'"),
            0);
  EXPECT_TRUE(contains(
      db.query_text("SELECT sql FROM sqlite_schema WHERE name = 'prices'"),
      "PRIMARY KEY (day, stock_id)"));
  db.execute("DELETE FROM recommendations WHERE day = 4");
  EXPECT_EQ(dump_all(db), before);
}

TEST(Schema, AFailedMigrationLeavesVersion1AsItWas) {
  testing::TempDir dir;
  const std::string path = dir.file("broken-v1.db");
  std::string before;
  {
    Database db(path);
    db.execute(kV1Schema);
    db.execute(kV1Rows);
    // A damaged version 1 database: the migration fails after it renamed
    // the prices table.
    db.execute("DROP TABLE predictions");
    before = dump(db, "prices", 7) + dump(db, "recommendations", 5);
  }
  try {
    ResultsDatabase results(path);
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(contains(e.what(), "no such table: predictions")) << e.what();
  }
  Database db(path);
  EXPECT_EQ(schema_version(db), 1);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema"), 3);
  EXPECT_EQ(dump(db, "prices", 7) + dump(db, "recommendations", 5), before);
}

}  // namespace
}  // namespace marketbench::store
