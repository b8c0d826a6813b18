#include "store/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <limits>
#include <utility>

namespace marketbench::store {

namespace {

// How long a connection waits for another connection's write lock before
// SQLITE_BUSY: long enough for a daily batch, short enough to surface a stuck
// writer.
constexpr int kBusyTimeoutMs = 10'000;

std::string describe(int code, const std::string& sqlite_message,
                     const std::string& context, const std::string& database) {
  return fmt::format("{} [{}]: {} (SQLite error {}: {})", context, database,
                     sqlite_message, code, sqlite3_errstr(code));
}

}  // namespace

DatabaseError::DatabaseError(int code, std::string sqlite_message,
                             std::string context, std::string database)
    : std::runtime_error(describe(code, sqlite_message, context, database)),
      code_(code),
      sqlite_message_(std::move(sqlite_message)),
      context_(std::move(context)),
      database_(std::move(database)) {}

Database::Database(const std::string& path) : path_(path) {
  // Multi-thread mode needs a library built thread-safe; Debian's is
  // (SQLITE_THREADSAFE=1), a custom single-thread build is not.
  if (sqlite3_threadsafe() == 0) {
    throw DatabaseError(SQLITE_MISUSE,
                        "SQLite library was built with SQLITE_THREADSAFE=0",
                        "opening database", path_);
  }
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    // A handle is usually allocated even on failure and carries the message.
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw DatabaseError(rc, std::move(message), "opening database", path_);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

Database::~Database() {
  // close_v2 defers the close until outstanding statements are finalized, so
  // member destruction order cannot make it fail.
  sqlite3_close_v2(db_);
}

void Database::fail(int code, std::string_view context) const {
  throw DatabaseError(code, sqlite3_errmsg(db_), std::string(context), path_);
}

void Database::execute(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw DatabaseError(sqlite3_extended_errcode(db_), std::move(detail),
                        fmt::format("executing `{}`", sql), path_);
  }
}

std::string Database::query_text(std::string_view sql) {
  Statement statement(*this, sql);
  ResetOnExit reset(statement);
  if (!statement.step() || statement.column_is_null(0)) return {};
  return statement.column_text(0);
}

std::int64_t Database::query_int(std::string_view sql) {
  Statement statement(*this, sql);
  ResetOnExit reset(statement);
  if (!statement.step()) {
    throw DatabaseError(SQLITE_ERROR, "query returned no row",
                        fmt::format("executing `{}`", sql), path_);
  }
  return statement.column_int64(0);
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

bool Database::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw DatabaseError(SQLITE_TOOBIG, "statement text too long",
                        "preparing statement", db.path());
  }
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt_, &tail);
  if (rc != SQLITE_OK) db.fail(rc, fmt::format("preparing `{}`", sql));
  if (stmt_ == nullptr) {
    throw DatabaseError(SQLITE_MISUSE, "no statement in the SQL text",
                        fmt::format("preparing `{}`", sql), db.path());
  }
  // One statement per object: trailing SQL would silently never run.
  for (const char* p = tail; p && *p; ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
      destroy();
      throw DatabaseError(SQLITE_MISUSE, "more than one statement in the text",
                          fmt::format("preparing `{}`", sql), db.path());
    }
  }
}

Statement::~Statement() { destroy(); }

void Statement::destroy() noexcept {
  sqlite3_finalize(stmt_);
  stmt_ = nullptr;
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    destroy();
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void Statement::check_bind(int rc, int index) const {
  if (rc != SQLITE_OK) {
    db_->fail(rc, fmt::format("binding parameter {} of `{}`", index, sql()));
  }
}

Statement& Statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                 SQLITE_TRANSIENT, SQLITE_UTF8),
             index);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Read the message before reset(), which may replace it.
  DatabaseError error(rc, sqlite3_errmsg(db_->handle()),
                      fmt::format("executing `{}`", sql()), db_->path());
  sqlite3_reset(stmt_);
  throw error;
}

void Statement::run() {
  if (step()) {
    sqlite3_reset(stmt_);
    throw DatabaseError(SQLITE_MISUSE, "statement returned a row",
                        fmt::format("executing `{}`", sql()), db_->path());
  }
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

double Statement::column_double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::column_text(int column) const {
  const auto* text =
      reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int bytes = sqlite3_column_bytes(stmt_, column);
  return text ? std::string(text, static_cast<std::size_t>(bytes))
              : std::string();
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string_view Statement::sql() const {
  const char* text = stmt_ ? sqlite3_sql(stmt_) : nullptr;
  return text ? std::string_view(text) : std::string_view();
}

Transaction::Transaction(Database& db) : db_(db), nested_(db.in_transaction()) {
  db_.execute(nested_ ? "SAVEPOINT marketbench_batch" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (finished_) return;
  // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) make SQLite roll back the
  // whole transaction itself; then there is nothing left to undo here.
  if (!db_.in_transaction()) return;
  const char* sql = nested_ ? "ROLLBACK TO marketbench_batch; "
                              "RELEASE marketbench_batch"
                            : "ROLLBACK";
  // A destructor must not throw; a failed rollback leaves the transaction
  // open and the next BEGIN reports it.
  sqlite3_exec(db_.handle(), sql, nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.execute(nested_ ? "RELEASE marketbench_batch" : "COMMIT");
  finished_ = true;
}

}  // namespace marketbench::store
