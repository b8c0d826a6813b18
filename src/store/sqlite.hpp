#pragma once

// Thin RAII wrappers over the SQLite C API: a connection, a prepared
// statement, a transaction guard. No ORM: callers write SQL.
//
// Threading: none of these objects is safe to use from two threads at once.
// Connections are opened in SQLite's multi-thread mode (SQLITE_OPEN_NOMUTEX),
// so distinct connections may live on distinct threads, and one connection may
// move between threads, as long as its user serialises access (as
// ResultsDatabase does with its mutex).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace marketbench::store {

// An SQLite failure. what() reads "<context> [<database>]: <sqlite3_errmsg>
// (SQLite error <code>)"; the parts are also available separately.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(int code, std::string sqlite_message, std::string context,
                std::string database);

  // The extended SQLite result code (e.g. SQLITE_CONSTRAINT_CHECK).
  int code() const { return code_; }
  // sqlite3_errmsg() at the time of the failure.
  const std::string& sqlite_message() const { return sqlite_message_; }
  // What was being done: the statement's SQL, a row, an open.
  const std::string& context() const { return context_; }
  // The database file name (":memory:" for an in-memory database).
  const std::string& database() const { return database_; }

 private:
  int code_;
  std::string sqlite_message_;
  std::string context_;
  std::string database_;
};

// One connection. Not movable: statements and transactions refer to it.
class Database {
 public:
  // Opens (creating if needed) `path`, or a private in-memory database for
  // ":memory:". Sets a busy timeout so that a second connection to the same
  // file waits for a writer instead of failing at once.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more SQL statements that return no rows we need.
  void execute(std::string_view sql);
  // Runs a statement returning a single value (e.g. a PRAGMA) and returns it
  // as text ("" for NULL or no row).
  std::string query_text(std::string_view sql);
  std::int64_t query_int(std::string_view sql);

  // Rows inserted, updated or deleted by the last completed statement.
  std::int64_t changes() const;
  // True between BEGIN and COMMIT/ROLLBACK.
  bool in_transaction() const;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  // Throws DatabaseError for result code `code` with the connection's
  // current error message.
  [[noreturn]] void fail(int code, std::string_view context) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

// A prepared statement bound to one connection. Parameters are 1-based,
// columns 0-based (as in the C API). Prepared with SQLITE_PREPARE_PERSISTENT:
// meant to be kept and reused (reset between uses).
class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, double value);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) {
    return bind(index, static_cast<std::int64_t>(value));
  }
  Statement& bind(int index, std::uint32_t value) {
    return bind(index, static_cast<std::int64_t>(value));
  }
  // The text is copied (SQLITE_TRANSIENT).
  Statement& bind(int index, std::string_view value);

  // Advances: true when a row is available, false when done. On error the
  // statement is reset and DatabaseError names its SQL.
  bool step();
  // Steps a statement that must produce no row (INSERT, UPDATE, ...).
  void run();
  // Ready to run again; bindings are cleared too. Never throws (a failed step
  // has already thrown). Releases the read snapshot a half-read query holds.
  void reset() noexcept;

  double column_double(int column) const;
  std::int64_t column_int64(int column) const;
  std::string column_text(int column) const;
  bool column_is_null(int column) const;

  std::string_view sql() const;
  Database& database() const { return *db_; }

 private:
  void check_bind(int rc, int index) const;
  void destroy() noexcept;

  Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when leaving a scope, so a query that stops after its
// first row, or throws, does not keep its read snapshot open.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& statement) : statement_(statement) {}
  ~ResetOnExit() { statement_.reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& statement_;
};

// All-or-nothing scope: rolls back unless commit() was called. The outermost
// guard on a connection runs BEGIN IMMEDIATE (takes the write lock up front,
// so two writers never deadlock upgrading read locks); a guard opened inside
// another uses a SAVEPOINT, so an inner batch that fails rolls back only its
// own rows and the outer transaction can carry on or roll back as a whole.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  bool nested() const { return nested_; }

 private:
  Database& db_;
  bool nested_;
  bool finished_ = false;
};

}  // namespace marketbench::store
