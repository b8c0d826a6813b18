#include "marketbench/store/results_database.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "core/enum_names.hpp"
#include "store/database_image.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace marketbench::store {

struct ResultsDatabase::Connection {
  Connection(const std::string& path, const ResultsDatabaseOptions& settings,
             std::span<const std::byte> image = {})
      : options(checked_options(settings)),
        db(checked_path(path)),
        restored(restore(db, image)),
        configured(configure(db, options)),
        upsert_price(db, sql::kUpsertPrice),
        upsert_prediction(db, sql::kUpsertPrediction),
        upsert_recommendation(db, sql::kUpsertRecommendation),
        latest_recommendation(db, sql::kLatestRecommendation),
        top_recommendations(db, sql::kTopRecommendations),
        price_range(db, sql::kPriceRange),
        predictions_of_day(db, sql::kPredictionsOfDay),
        count_prices(db, sql::kCountPrices),
        count_predictions(db, sql::kCountPredictions),
        count_recommendations(db, sql::kCountRecommendations) {}

  static const std::string& checked_path(const std::string& path);
  static const ResultsDatabaseOptions& checked_options(
      const ResultsDatabaseOptions& options);
  // Schema and storage settings: before the statements are prepared, since
  // preparing needs the tables.
  static bool configure(Database& db, const ResultsDatabaseOptions& options);
  // Copies a non-empty image into db: before the schema check and the
  // statements, which then see the image's tables.
  static bool restore(Database& db, std::span<const std::byte> image);

  std::mutex mutex;
  ResultsDatabaseOptions options;
  Database db;
  bool restored;
  bool configured;
  Statement upsert_price;
  Statement upsert_prediction;
  Statement upsert_recommendation;
  Statement latest_recommendation;
  Statement top_recommendations;
  Statement price_range;
  Statement predictions_of_day;
  Statement count_prices;
  Statement count_predictions;
  Statement count_recommendations;
};

namespace {

// Large enough for any real cache, small enough for SQLite's int.
constexpr std::size_t kMaxCacheKib = std::size_t{1} << 30;
constexpr std::size_t kMaxAutocheckpointPages = std::size_t{1} << 30;

void configure_file_storage(Database& db,
                            const ResultsDatabaseOptions& options) {
  const std::string mode = db.query_text("PRAGMA journal_mode = WAL");
  if (mode != "wal") {
    throw DatabaseError(SQLITE_ERROR,
                        fmt::format("journal_mode is '{}', not 'wal'", mode),
                        "enabling WAL", db.path());
  }
  db.execute(fmt::format("PRAGMA synchronous = {}",
                         synchronous_name(options.synchronous)));
  db.execute(fmt::format("PRAGMA wal_autocheckpoint = {}",
                         options.wal_autocheckpoint_pages));
}

std::int64_t count(Statement& statement) {
  ResetOnExit reset(statement);
  statement.step();
  return statement.column_int64(0);
}

// Steps `statement`, already bound to row `index` of `total`; a failure is
// rethrown naming the row. Returns the rows the statement changed (0 or 1).
std::size_t run_row(Statement& statement, std::size_t index, std::size_t total,
                    std::string_view table, market::StockId stock, Day day) {
  ResetOnExit reset(statement);
  try {
    statement.run();
  } catch (const DatabaseError& error) {
    throw DatabaseError(error.code(), error.sqlite_message(),
                        fmt::format("upserting {} row {} of {} (stock {}, day "
                                    "{}); the batch was rolled back",
                                    table, index, total, stock, day),
                        error.database());
  }
  return static_cast<std::size_t>(statement.database().changes());
}

std::size_t write_prices(Statement& statement, std::span<const PriceRow> rows) {
  std::size_t changed = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PriceRow& row = rows[i];
    statement.bind(1, row.stock)
        .bind(2, row.day)
        .bind(3, row.bar.open)
        .bind(4, row.bar.high)
        .bind(5, row.bar.low)
        .bind(6, row.bar.close)
        .bind(7, row.bar.volume);
    changed += run_row(statement, i, rows.size(), "prices", row.stock, row.day);
  }
  return changed;
}

std::size_t write_predictions(Statement& statement,
                              std::span<const PredictionRow> rows) {
  std::size_t changed = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PredictionRow& row = rows[i];
    statement.bind(1, row.stock)
        .bind(2, row.day)
        .bind(3, std::string_view(row.model))
        .bind(4, row.p_sell)
        .bind(5, row.p_hold)
        .bind(6, row.p_buy);
    changed +=
        run_row(statement, i, rows.size(), "predictions", row.stock, row.day);
  }
  return changed;
}

std::size_t write_recommendations(Statement& statement,
                                  std::span<const RecommendationRow> rows) {
  std::size_t changed = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RecommendationRow& row = rows[i];
    statement.bind(1, row.stock)
        .bind(2, row.day)
        .bind(3, static_cast<int>(row.action))
        .bind(4, row.score)
        .bind(5, row.confidence);
    changed += run_row(statement, i, rows.size(), "recommendations", row.stock,
                       row.day);
  }
  return changed;
}

market::StockId stock_from(std::int64_t value) {
  return static_cast<market::StockId>(value);
}

Day day_from(std::int64_t value) { return static_cast<Day>(value); }

}  // namespace

const std::string& ResultsDatabase::Connection::checked_path(
    const std::string& path) {
  if (path.empty()) {
    throw std::invalid_argument(
        "ResultsDatabase: empty path (use \":memory:\" for an in-memory "
        "database)");
  }
  return path;
}

const ResultsDatabaseOptions& ResultsDatabase::Connection::checked_options(
    const ResultsDatabaseOptions& options) {
  const auto level = static_cast<int>(options.synchronous);
  if (level < 0 || level > 2) {
    throw std::invalid_argument(fmt::format(
        "ResultsDatabase: synchronous level {} is not off, normal or full",
        level));
  }
  if (options.cache_kib == 0 || options.cache_kib > kMaxCacheKib) {
    throw std::invalid_argument(
        fmt::format("ResultsDatabase: cache_kib {} is not in 1..{}",
                    options.cache_kib, kMaxCacheKib));
  }
  if (options.wal_autocheckpoint_pages > kMaxAutocheckpointPages) {
    throw std::invalid_argument(
        fmt::format("ResultsDatabase: wal_autocheckpoint_pages {} is above {}",
                    options.wal_autocheckpoint_pages, kMaxAutocheckpointPages));
  }
  return options;
}

bool ResultsDatabase::Connection::restore(Database& db,
                                          std::span<const std::byte> image) {
  if (image.empty()) return false;
  restore_database(db, image);
  return true;
}

bool ResultsDatabase::Connection::configure(
    Database& db, const ResultsDatabaseOptions& options) {
  db.execute(fmt::format("PRAGMA cache_size = -{}", options.cache_kib));
  ensure_schema(db);
  if (db.path() != kInMemory) configure_file_storage(db, options);
  return true;
}

std::string_view synchronous_name(Synchronous synchronous) {
  static constexpr auto kNames =
      core::enum_names<Synchronous>({{Synchronous::kOff, "off"},
                                     {Synchronous::kNormal, "normal"},
                                     {Synchronous::kFull, "full"}});
  return kNames(synchronous);
}

ResultsDatabase::ResultsDatabase(const std::string& path,
                                 const ResultsDatabaseOptions& options)
    : connection_(std::make_unique<Connection>(path, options)) {}

ResultsDatabase::ResultsDatabase(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

ResultsDatabase ResultsDatabase::from_image(
    std::span<const std::byte> image, const std::string& path,
    const ResultsDatabaseOptions& options) {
  if (image.empty()) {
    throw std::invalid_argument("ResultsDatabase::from_image: empty image");
  }
  return ResultsDatabase(std::make_unique<Connection>(path, options, image));
}

std::vector<std::byte> ResultsDatabase::image() const {
  std::lock_guard lock(connection_->mutex);
  return serialize_database(connection_->db);
}

ResultsDatabase::~ResultsDatabase() = default;
ResultsDatabase::ResultsDatabase(ResultsDatabase&&) noexcept = default;
ResultsDatabase& ResultsDatabase::operator=(ResultsDatabase&&) noexcept =
    default;

std::size_t ResultsDatabase::upsert_prices(std::span<const PriceRow> rows) {
  std::lock_guard lock(connection_->mutex);
  Transaction transaction(connection_->db);
  const std::size_t changed = write_prices(connection_->upsert_price, rows);
  transaction.commit();
  return changed;
}

std::size_t ResultsDatabase::upsert_predictions(
    std::span<const PredictionRow> rows) {
  std::lock_guard lock(connection_->mutex);
  Transaction transaction(connection_->db);
  const std::size_t changed =
      write_predictions(connection_->upsert_prediction, rows);
  transaction.commit();
  return changed;
}

std::size_t ResultsDatabase::upsert_recommendations(
    std::span<const RecommendationRow> rows) {
  std::lock_guard lock(connection_->mutex);
  Transaction transaction(connection_->db);
  const std::size_t changed =
      write_recommendations(connection_->upsert_recommendation, rows);
  transaction.commit();
  return changed;
}

std::size_t ResultsDatabase::upsert_day(const DayResults& day) {
  std::lock_guard lock(connection_->mutex);
  Connection& c = *connection_;
  Transaction transaction(c.db);
  std::size_t changed = write_prices(c.upsert_price, day.prices);
  changed += write_predictions(c.upsert_prediction, day.predictions);
  changed +=
      write_recommendations(c.upsert_recommendation, day.recommendations);
  transaction.commit();
  return changed;
}

std::optional<RecommendationRow> ResultsDatabase::latest_recommendation(
    market::StockId stock) const {
  std::lock_guard lock(connection_->mutex);
  Statement& statement = connection_->latest_recommendation;
  ResetOnExit reset(statement);
  statement.bind(1, stock);
  if (!statement.step()) return std::nullopt;
  return RecommendationRow{stock, day_from(statement.column_int64(0)),
                           action_from_int(statement.column_int64(1)),
                           statement.column_double(2),
                           statement.column_double(3)};
}

std::vector<RecommendationRow> ResultsDatabase::top_recommendations(
    Day day, std::size_t n) const {
  std::vector<RecommendationRow> rows;
  if (n == 0) return rows;
  constexpr auto kMax =
      static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  std::lock_guard lock(connection_->mutex);
  Statement& statement = connection_->top_recommendations;
  ResetOnExit reset(statement);
  statement.bind(1, day).bind(2, static_cast<std::int64_t>(std::min(n, kMax)));
  while (statement.step()) {
    rows.push_back({stock_from(statement.column_int64(0)), day,
                    action_from_int(statement.column_int64(1)),
                    statement.column_double(2), statement.column_double(3)});
  }
  return rows;
}

std::vector<PriceRow> ResultsDatabase::price_range(market::StockId stock,
                                                   Day first, Day last) const {
  if (first > last) {
    throw std::invalid_argument(
        fmt::format("price_range: first day {} is after last day {} (stock {})",
                    first, last, stock));
  }
  std::vector<PriceRow> rows;
  std::lock_guard lock(connection_->mutex);
  Statement& statement = connection_->price_range;
  ResetOnExit reset(statement);
  statement.bind(1, stock).bind(2, first).bind(3, last);
  while (statement.step()) {
    rows.push_back(
        {stock, day_from(statement.column_int64(0)),
         market::Bar{statement.column_double(1), statement.column_double(2),
                     statement.column_double(3), statement.column_double(4),
                     statement.column_double(5)}});
  }
  return rows;
}

std::vector<PredictionRow> ResultsDatabase::predictions(market::StockId stock,
                                                        Day day) const {
  std::vector<PredictionRow> rows;
  std::lock_guard lock(connection_->mutex);
  Statement& statement = connection_->predictions_of_day;
  ResetOnExit reset(statement);
  statement.bind(1, stock).bind(2, day);
  while (statement.step()) {
    rows.push_back({stock, day, statement.column_text(0),
                    statement.column_double(1), statement.column_double(2),
                    statement.column_double(3)});
  }
  return rows;
}

RowCounts ResultsDatabase::row_counts() const {
  std::lock_guard lock(connection_->mutex);
  return {count(connection_->count_prices),
          count(connection_->count_predictions),
          count(connection_->count_recommendations)};
}

bool ResultsDatabase::checkpoint() {
  std::lock_guard lock(connection_->mutex);
  if (connection_->db.path() == kInMemory) return true;
  int log_frames = 0;
  int copied_frames = 0;
  const int rc = sqlite3_wal_checkpoint_v2(connection_->db.handle(), nullptr,
                                           SQLITE_CHECKPOINT_TRUNCATE,
                                           &log_frames, &copied_frames);
  if (rc == SQLITE_BUSY) return false;
  if (rc != SQLITE_OK) connection_->db.fail(rc, "checkpointing the WAL");
  return true;
}

const ResultsDatabaseOptions& ResultsDatabase::options() const {
  return connection_->options;
}

const std::string& ResultsDatabase::path() const {
  return connection_->db.path();
}

bool ResultsDatabase::in_memory() const { return path() == kInMemory; }

std::string ResultsDatabase::pragma(std::string_view name) const {
  const bool identifier =
      !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '_';
      });
  if (!identifier) {
    throw std::invalid_argument(
        fmt::format("pragma: '{}' is not a PRAGMA name", name));
  }
  std::lock_guard lock(connection_->mutex);
  return connection_->db.query_text(fmt::format("PRAGMA {}", name));
}

}  // namespace marketbench::store
