#pragma once

// The results database schema, its version, and the SQL run against it. The
// statement texts are public so that tests can check their query plans.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/sqlite.hpp"

namespace marketbench::store {

// Stored in PRAGMA user_version. Bump it with every schema change and add
// the migration from the previous version to ensure_schema().
// Version 1 keyed every table by (stock_id, day): a day's rows landed on one
// page per stock and table. Version 2 keys them by (day, stock_id), so a day
// appends to the end of each table; ensure_schema() migrates a version 1
// database in place.
inline constexpr std::int64_t kSchemaVersion = 2;

// Opening a database written by a newer marketbench (or not by marketbench).
class SchemaVersionError : public std::runtime_error {
 public:
  SchemaVersionError(std::string database, std::int64_t found,
                     std::int64_t supported, const std::string& message);
  const std::string& database() const { return database_; }
  std::int64_t found_version() const { return found_; }
  std::int64_t supported_version() const { return supported_; }

 private:
  std::string database_;
  std::int64_t found_;
  std::int64_t supported_;
};

// Makes `db` hold the current schema: creates it in an empty database
// (user_version 0, no tables), accepts one at kSchemaVersion, migrates an
// older version in one transaction (all rows kept), and throws
// SchemaVersionError for a newer version or for a version-0 database that
// already has tables of its own.
void ensure_schema(Database& db);

// Reads PRAGMA user_version.
std::int64_t schema_version(Database& db);

namespace sql {

// Each table's primary key is what makes re-running a day an upsert; every
// row passes CHECK constraints (NaN binds as NULL, caught by NOT NULL). The
// keys lead with the day: the pipeline writes one day at a time, so a day's
// rows are appended, in key order, to a few pages at the end of each table
// (a stock-first key rewrites one page per stock and table every day).
inline constexpr std::string_view kCreateSchema = R"sql(
CREATE TABLE prices (
  stock_id INTEGER NOT NULL CHECK (stock_id >= 0),
  day      INTEGER NOT NULL,
  open     REAL NOT NULL,
  high     REAL NOT NULL,
  low      REAL NOT NULL,
  close    REAL NOT NULL,
  volume   REAL NOT NULL,
  PRIMARY KEY (day, stock_id),
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
  PRIMARY KEY (day, stock_id, model),
  CONSTRAINT probabilities_sum_to_one
    CHECK (abs(p_sell + p_hold + p_buy - 1.0) <= 1e-4)
) STRICT, WITHOUT ROWID;

CREATE TABLE recommendations (
  stock_id   INTEGER NOT NULL CHECK (stock_id >= 0),
  day        INTEGER NOT NULL,
  action     INTEGER NOT NULL CHECK (action BETWEEN 0 AND 2),
  score      REAL NOT NULL,
  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  PRIMARY KEY (day, stock_id),
  CONSTRAINT score_finite CHECK (abs(score) <= 1.7976931348623157e308)
) STRICT, WITHOUT ROWID;

-- Top N of a day: one index range scan, already in output order.
CREATE INDEX recommendations_by_day_score
  ON recommendations (day, score DESC, stock_id);

-- Each stock's most recent recommendation day, kept by the trigger below
-- (rows are never deleted, and an upsert never changes a row's day). One
-- small row per stock: a day rewrites a few dozen pages of it, where an
-- index on (stock_id, day) would rewrite one page per ~300 stocks.
CREATE TABLE latest_recommendation_days (
  stock_id INTEGER PRIMARY KEY CHECK (stock_id >= 0),
  day      INTEGER NOT NULL
) STRICT;

CREATE TRIGGER recommendations_track_latest AFTER INSERT ON recommendations
BEGIN
  INSERT INTO latest_recommendation_days (stock_id, day)
    VALUES (NEW.stock_id, NEW.day)
    ON CONFLICT (stock_id) DO UPDATE SET day = excluded.day
    WHERE excluded.day > latest_recommendation_days.day;
END;
)sql";

// Version 1 -> 2, run inside ensure_schema()'s transaction: the version 1
// tables are renamed, the current schema created, their rows copied in the
// new key order (the trigger fills latest_recommendation_days) and the old
// tables dropped.
inline constexpr std::string_view kMigrateV1RenameOld = R"sql(
ALTER TABLE prices RENAME TO prices_v1;
ALTER TABLE predictions RENAME TO predictions_v1;
ALTER TABLE recommendations RENAME TO recommendations_v1;
DROP INDEX recommendations_by_day_score;
)sql";

inline constexpr std::string_view kMigrateV1CopyRows = R"sql(
INSERT INTO prices (stock_id, day, open, high, low, close, volume)
  SELECT stock_id, day, open, high, low, close, volume FROM prices_v1
  ORDER BY day, stock_id;
INSERT INTO predictions (stock_id, day, model, p_sell, p_hold, p_buy)
  SELECT stock_id, day, model, p_sell, p_hold, p_buy FROM predictions_v1
  ORDER BY day, stock_id, model;
INSERT INTO recommendations (stock_id, day, action, score, confidence)
  SELECT stock_id, day, action, score, confidence FROM recommendations_v1
  ORDER BY day, stock_id;
DROP TABLE prices_v1;
DROP TABLE predictions_v1;
DROP TABLE recommendations_v1;
)sql";

// The DO UPDATE only fires when a value differs, so re-running a day with the
// same results writes nothing and sqlite3_changes() reports 0 for the row.
inline constexpr std::string_view kUpsertPrice =
    "INSERT INTO prices (stock_id, day, open, high, low, close, volume) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (day, stock_id) DO UPDATE SET open = excluded.open, "
    "high = excluded.high, low = excluded.low, close = excluded.close, "
    "volume = excluded.volume "
    "WHERE (open, high, low, close, volume) IS NOT (excluded.open, "
    "excluded.high, excluded.low, excluded.close, excluded.volume)";

inline constexpr std::string_view kUpsertPrediction =
    "INSERT INTO predictions (stock_id, day, model, p_sell, p_hold, p_buy) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (day, stock_id, model) DO UPDATE SET "
    "p_sell = excluded.p_sell, p_hold = excluded.p_hold, "
    "p_buy = excluded.p_buy "
    "WHERE (p_sell, p_hold, p_buy) IS NOT "
    "(excluded.p_sell, excluded.p_hold, excluded.p_buy)";

inline constexpr std::string_view kUpsertRecommendation =
    "INSERT INTO recommendations (stock_id, day, action, score, confidence) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (day, stock_id) DO UPDATE SET action = excluded.action, "
    "score = excluded.score, confidence = excluded.confidence "
    "WHERE (action, score, confidence) IS NOT "
    "(excluded.action, excluded.score, excluded.confidence)";

// The stock's latest day, then that day's row: two primary-key lookups.
inline constexpr std::string_view kLatestRecommendation =
    "SELECT r.day, r.action, r.score, r.confidence "
    "FROM latest_recommendation_days AS l JOIN recommendations AS r "
    "ON r.day = l.day AND r.stock_id = l.stock_id WHERE l.stock_id = ?1";

// recommendations_by_day_score; ties on score go to the lower stock id.
inline constexpr std::string_view kTopRecommendations =
    "SELECT stock_id, action, score, confidence FROM recommendations "
    "WHERE day = ?1 ORDER BY score DESC, stock_id LIMIT ?2";

// One primary-key lookup (day, stock_id) per day of the range, the range
// first clipped to the days the table holds (min/max of the leading key
// column are one lookup each), so a wide range costs no more than the
// stored days.
inline constexpr std::string_view kPriceRange =
    "WITH RECURSIVE days(day, last_day) AS ("
    "SELECT max(?2, (SELECT min(day) FROM prices)), "
    "min(?3, (SELECT max(day) FROM prices)) "
    "UNION ALL SELECT day + 1, last_day FROM days WHERE day < last_day) "
    "SELECT p.day, p.open, p.high, p.low, p.close, p.volume "
    "FROM days JOIN prices AS p ON p.day = days.day AND p.stock_id = ?1 "
    "WHERE days.day <= days.last_day ORDER BY p.day";

inline constexpr std::string_view kPredictionsOfDay =
    "SELECT model, p_sell, p_hold, p_buy FROM predictions "
    "WHERE day = ?2 AND stock_id = ?1 ORDER BY model";

inline constexpr std::string_view kCountPrices = "SELECT count(*) FROM prices";
inline constexpr std::string_view kCountPredictions =
    "SELECT count(*) FROM predictions";
inline constexpr std::string_view kCountRecommendations =
    "SELECT count(*) FROM recommendations";

}  // namespace sql
}  // namespace marketbench::store
