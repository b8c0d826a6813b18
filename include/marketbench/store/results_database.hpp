#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "marketbench/market/ohlcv.hpp"
#include "marketbench/store/rows.hpp"

namespace marketbench::store {

struct RowCounts {
  std::int64_t prices = 0;
  std::int64_t predictions = 0;
  std::int64_t recommendations = 0;
};

// Everything one pipeline day persists.
struct DayResults {
  std::span<const PriceRow> prices;
  std::span<const PredictionRow> predictions;
  std::span<const RecommendationRow> recommendations;
};

// The platform's results database on SQLite: prices, model predictions and
// recommendations, keyed so that re-running a day is an upsert.
//
// Storage: ":memory:" (the default) is a private in-memory database; any
// other path is a file opened in WAL mode with synchronous=NORMAL (a commit
// does not fsync; a crash can lose the last commits but never corrupts).
//
// Writes: each upsert_* call is one transaction (a SAVEPOINT if the
// connection is already in one) through cached prepared statements; if any
// row fails (a CHECK constraint, NaN, I/O) none of the call's rows remain.
// Errors are DatabaseError (sqlite.hpp) naming the row and carrying
// sqlite3_errmsg; a database written by a newer schema throws
// SchemaVersionError (schema.hpp).
//
// Threads: every method locks the object's mutex, so one ResultsDatabase may
// be shared by any number of threads; their calls run one at a time on its
// single connection (SQLite's multi-thread mode, no second lock inside).
// For parallel reads, open one ResultsDatabase per thread on the same file:
// WAL lets readers run alongside one writer, and writers queue on SQLite's
// lock (busy timeout 10 s). An in-memory database is private to its object.
// A moved-from ResultsDatabase may only be destroyed or assigned to.
class ResultsDatabase {
 public:
  static constexpr const char* kInMemory = ":memory:";

  explicit ResultsDatabase(const std::string& path = kInMemory);
  ~ResultsDatabase();
  ResultsDatabase(ResultsDatabase&&) noexcept;
  ResultsDatabase& operator=(ResultsDatabase&&) noexcept;

  // Each returns the rows inserted or changed: re-upserting identical values
  // writes nothing and counts 0.
  std::size_t upsert_prices(std::span<const PriceRow> rows);
  std::size_t upsert_predictions(std::span<const PredictionRow> rows);
  std::size_t upsert_recommendations(std::span<const RecommendationRow> rows);
  // All three tables in one transaction: a day lands whole or not at all.
  std::size_t upsert_day(const DayResults& day);

  // The recommendation of `stock` on its most recent day, if any.
  std::optional<RecommendationRow> latest_recommendation(
      market::StockId stock) const;
  // The `n` highest scores of `day`, best first; ties by ascending stock.
  std::vector<RecommendationRow> top_recommendations(Day day,
                                                     std::size_t n) const;
  // Bars of `stock` for days first..last inclusive, oldest first. Throws
  // std::invalid_argument if first > last.
  std::vector<PriceRow> price_range(market::StockId stock, Day first,
                                    Day last) const;
  // Every model's prediction for one stock and day, by model name.
  std::vector<PredictionRow> predictions(market::StockId stock, Day day) const;
  RowCounts row_counts() const;

  const std::string& path() const;
  bool in_memory() const;
  // The value of a read-only PRAGMA on this connection, as text, e.g.
  // pragma("journal_mode") is "wal" for a file, "memory" in memory. `name`
  // must be a plain identifier; anything else throws std::invalid_argument.
  std::string pragma(std::string_view name) const;

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
};

}  // namespace marketbench::store
