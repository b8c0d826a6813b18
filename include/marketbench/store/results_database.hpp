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

// How much a commit to a file database waits for the disk: PRAGMA synchronous
// under WAL. kOff never fsyncs (an OS crash or power loss can corrupt the
// file); kNormal fsyncs the WAL and the database only when a checkpoint copies
// the WAL back (a crash can lose the last commits, never corrupts); kFull also
// fsyncs the WAL at every commit (a committed transaction survives a power
// loss).
enum class Synchronous { kOff = 0, kNormal = 1, kFull = 2 };

// "off", "normal", "full".
std::string_view synchronous_name(Synchronous synchronous);

// Storage settings of a ResultsDatabase. They apply to a file database; an
// in-memory database only uses cache_kib.
struct ResultsDatabaseOptions {
  // Default kNormal: the results of a day can be recomputed from the feed, so
  // losing the last commits to a crash is acceptable, a corrupt file is not;
  // kFull's per-commit fsync buys nothing the pipeline needs.
  Synchronous synchronous = Synchronous::kNormal;
  // The connection's page cache (PRAGMA cache_size = -cache_kib). A
  // 6000-stock day appends ~300 pages (the tables are keyed day first,
  // schema.hpp), so writing needs little; the default, 128 MiB, is for
  // readers and for upserts into older days, which find their pages cached
  // instead of re-reading them from the OS or the WAL. Memory is taken as
  // pages are used, not up front.
  std::size_t cache_kib = std::size_t{128} * 1024;
  // A commit that leaves at least this many pages in the WAL checkpoints it
  // (PRAGMA wal_autocheckpoint; 0 turns automatic checkpoints off, then the
  // WAL only shrinks through checkpoint()). The default lets the WAL grow to
  // ~64 MiB (16,384 pages, some 50 days of 6000 stocks) before one
  // checkpoint copies it back and fsyncs; SQLite's own 1000 pages would
  // checkpoint (and, under kNormal, fsync) every few days.
  std::size_t wal_autocheckpoint_pages = 16384;
};

// The platform's results database on SQLite: prices, model predictions and
// recommendations, keyed so that re-running a day is an upsert.
//
// Storage: ":memory:" (the default) is a private in-memory database; any
// other path is a file opened in WAL mode with the options' synchronous level
// (default NORMAL: a commit does not fsync; a crash can lose the last commits
// but never corrupts), page cache and checkpoint threshold.
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

  explicit ResultsDatabase(const std::string& path = kInMemory,
                           const ResultsDatabaseOptions& options = {});
  // A database at `path` (":memory:" or a file, whose content is replaced)
  // holding a copy of `image` (from image(), of this or another database),
  // copied page for page with SQLite's backup API, then opened as the
  // constructor opens one: schema checked (an older version migrated, a newer
  // one throws SchemaVersionError), file storage settings applied. Throws
  // std::invalid_argument for an empty image and DatabaseError when it is not
  // an SQLite database. The copy of an in-memory database is an ordinary
  // in-memory database with the same pages.
  static ResultsDatabase from_image(std::span<const std::byte> image,
                                    const std::string& path = kInMemory,
                                    const ResultsDatabaseOptions& options = {});
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

  // Copies the WAL back into the database file and restarts it (PRAGMA
  // wal_checkpoint(TRUNCATE)); a no-op in memory. Returns false when another
  // connection's reader or writer kept it from completing (then it copied
  // what it could).
  bool checkpoint();

  // The whole database as the bytes of one SQLite file (sqlite3_serialize;
  // for a file in WAL mode, including the committed WAL content): a snapshot
  // from_image() restores, e.g. to build an expensive database once and copy
  // it cheaply.
  std::vector<std::byte> image() const;

  const std::string& path() const;
  bool in_memory() const;
  const ResultsDatabaseOptions& options() const;
  // The value of a read-only PRAGMA on this connection, as text, e.g.
  // pragma("journal_mode") is "wal" for a file, "memory" in memory. `name`
  // must be a plain identifier; anything else throws std::invalid_argument.
  std::string pragma(std::string_view name) const;

 private:
  struct Connection;
  explicit ResultsDatabase(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> connection_;
};

}  // namespace marketbench::store
