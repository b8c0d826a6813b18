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
inline constexpr std::int64_t kSchemaVersion = 1;

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
// (user_version 0, no tables), accepts one at kSchemaVersion, and throws
// SchemaVersionError for a newer version or for a version-0 database that
// already has tables of its own.
void ensure_schema(Database& db);

// Reads PRAGMA user_version.
std::int64_t schema_version(Database& db);

namespace sql {

// Each table's primary key is what makes re-running a day an upsert; every
// row passes CHECK constraints (NaN binds as NULL, caught by NOT NULL).
inline constexpr std::string_view kCreateSchema = R"sql(
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

// The DO UPDATE only fires when a value differs, so re-running a day with the
// same results writes nothing and sqlite3_changes() reports 0 for the row.
inline constexpr std::string_view kUpsertPrice =
    "INSERT INTO prices (stock_id, day, open, high, low, close, volume) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (stock_id, day) DO UPDATE SET open = excluded.open, "
    "high = excluded.high, low = excluded.low, close = excluded.close, "
    "volume = excluded.volume "
    "WHERE (open, high, low, close, volume) IS NOT (excluded.open, "
    "excluded.high, excluded.low, excluded.close, excluded.volume)";

inline constexpr std::string_view kUpsertPrediction =
    "INSERT INTO predictions (stock_id, day, model, p_sell, p_hold, p_buy) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (stock_id, day, model) DO UPDATE SET "
    "p_sell = excluded.p_sell, p_hold = excluded.p_hold, "
    "p_buy = excluded.p_buy "
    "WHERE (p_sell, p_hold, p_buy) IS NOT "
    "(excluded.p_sell, excluded.p_hold, excluded.p_buy)";

inline constexpr std::string_view kUpsertRecommendation =
    "INSERT INTO recommendations (stock_id, day, action, score, confidence) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (stock_id, day) DO UPDATE SET action = excluded.action, "
    "score = excluded.score, confidence = excluded.confidence "
    "WHERE (action, score, confidence) IS NOT "
    "(excluded.action, excluded.score, excluded.confidence)";

// Primary key (stock_id, day), read backwards from the symbol's last day.
inline constexpr std::string_view kLatestRecommendation =
    "SELECT day, action, score, confidence FROM recommendations "
    "WHERE stock_id = ?1 ORDER BY day DESC LIMIT 1";

// recommendations_by_day_score; ties on score go to the lower stock id.
inline constexpr std::string_view kTopRecommendations =
    "SELECT stock_id, action, score, confidence FROM recommendations "
    "WHERE day = ?1 ORDER BY score DESC, stock_id LIMIT ?2";

// Primary key (stock_id, day): one range scan, in day order.
inline constexpr std::string_view kPriceRange =
    "SELECT day, open, high, low, close, volume FROM prices "
    "WHERE stock_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day";

inline constexpr std::string_view kPredictionsOfDay =
    "SELECT model, p_sell, p_hold, p_buy FROM predictions "
    "WHERE stock_id = ?1 AND day = ?2 ORDER BY model";

inline constexpr std::string_view kCountPrices = "SELECT count(*) FROM prices";
inline constexpr std::string_view kCountPredictions =
    "SELECT count(*) FROM predictions";
inline constexpr std::string_view kCountRecommendations =
    "SELECT count(*) FROM recommendations";

}  // namespace sql
}  // namespace marketbench::store
