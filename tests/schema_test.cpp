#include "store/schema.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

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
            3);
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
  EXPECT_TRUE(contains(latest,
                       "SEARCH recommendations USING PRIMARY KEY "
                       "(stock_id=?)"))
      << latest;
  const std::string top = query_plan(db, sql::kTopRecommendations);
  EXPECT_TRUE(contains(top, "USING INDEX recommendations_by_day_score (day=?)"))
      << top;
  const std::string range = query_plan(db, sql::kPriceRange);
  EXPECT_TRUE(contains(range,
                       "SEARCH prices USING PRIMARY KEY (stock_id=? "
                       "AND day>? AND day<?)"))
      << range;
  const std::string predictions = query_plan(db, sql::kPredictionsOfDay);
  EXPECT_TRUE(contains(predictions,
                       "SEARCH predictions USING PRIMARY KEY "
                       "(stock_id=? AND day=?)"))
      << predictions;
  // No full scans and no sorting after the fact.
  for (const auto& plan : {latest, top, range, predictions}) {
    EXPECT_FALSE(contains(plan, "SCAN")) << plan;
    EXPECT_FALSE(contains(plan, "TEMP B-TREE")) << plan;
  }
}

}  // namespace
}  // namespace marketbench::store
