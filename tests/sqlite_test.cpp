#include "store/sqlite.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <string>

#include "temp_dir.hpp"

namespace marketbench::store {
namespace {

std::int64_t count_rows(Database& db) {
  return db.query_int("SELECT count(*) FROM t");
}

TEST(Sqlite, StatementBindStepResetRoundTrip) {
  Database db(":memory:");
  db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x REAL, name TEXT)");
  Statement insert(db, "INSERT INTO t (id, x, name) VALUES (?1, ?2, ?3)");
  for (int i = 0; i < 3; ++i) {
    insert.bind(1, i).bind(2, i * 0.5).bind(3, std::string_view("abc", i));
    insert.run();
    EXPECT_EQ(db.changes(), 1);
    insert.reset();
  }
  Statement select(db, "SELECT id, x, name FROM t WHERE id >= ?1 ORDER BY id");
  select.bind(1, 1);
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_int64(0), 1);
  EXPECT_DOUBLE_EQ(select.column_double(1), 0.5);
  EXPECT_EQ(select.column_text(2), "a");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(2), "ab");
  EXPECT_FALSE(select.step());
  // reset() clears bindings: an unbound parameter is NULL, matching nothing.
  select.reset();
  EXPECT_FALSE(select.step());
}

TEST(Sqlite, ErrorsCarrySqliteMessageAndContext) {
  Database db(":memory:");
  try {
    db.execute("SELEC 1");
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlite_message(), "near \"SELEC\": syntax error");
    EXPECT_NE(e.context().find("SELEC 1"), std::string::npos);
    EXPECT_EQ(e.database(), ":memory:");
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos);
  }
  try {
    Statement bad(db, "SELECT * FROM missing_table");
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlite_message(), "no such table: missing_table");
    EXPECT_NE(e.context().find("SELECT * FROM missing_table"),
              std::string::npos);
  }
}

TEST(Sqlite, StepErrorNamesStatementAndLeavesItReusable) {
  Database db(":memory:");
  db.execute("CREATE TABLE t (x INTEGER NOT NULL CHECK (x < 10))");
  Statement insert(db, "INSERT INTO t (x) VALUES (?1)");
  insert.bind(1, 50);
  try {
    insert.run();
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), SQLITE_CONSTRAINT_CHECK);
    EXPECT_EQ(e.sqlite_message(), "CHECK constraint failed: x < 10");
    EXPECT_NE(e.context().find("INSERT INTO t"), std::string::npos);
  }
  insert.reset();
  insert.bind(1, 5);
  insert.run();
  EXPECT_EQ(count_rows(db), 1);
}

TEST(Sqlite, RejectsTrailingStatements) {
  Database db(":memory:");
  EXPECT_THROW(Statement(db, "SELECT 1; SELECT 2"), DatabaseError);
  EXPECT_NO_THROW(Statement(db, "SELECT 1;  \n"));
}

TEST(Sqlite, OpenFailureNamesThePath) {
  const std::string path = "/nonexistent-marketbench-dir/sub/x.db";
  try {
    Database db(path);
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.database(), path);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
    EXPECT_EQ(e.sqlite_message(), "unable to open database file");
  }
}

TEST(Sqlite, GarbageFileIsAnErrorNotACrash) {
  testing::TempDir dir;
  const std::string path = dir.file("garbage.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 512; ++i) out << "not a database, just text. ";
  }
  Database db(path);  // SQLite opens lazily; the first read fails.
  try {
    db.query_int("PRAGMA user_version");
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlite_message(), "file is not a database");
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(Sqlite, TransactionRollsBackUnlessCommitted) {
  Database db(":memory:");
  db.execute("CREATE TABLE t (x INTEGER)");
  {
    Transaction transaction(db);
    EXPECT_FALSE(transaction.nested());
    db.execute("INSERT INTO t VALUES (1)");
    EXPECT_TRUE(db.in_transaction());
  }
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(count_rows(db), 0);
  {
    Transaction transaction(db);
    db.execute("INSERT INTO t VALUES (1)");
    transaction.commit();
  }
  EXPECT_EQ(count_rows(db), 1);
}

TEST(Sqlite, NestedTransactionIsASavepoint) {
  Database db(":memory:");
  db.execute("CREATE TABLE t (x INTEGER)");
  Transaction outer(db);
  db.execute("INSERT INTO t VALUES (1)");
  {
    Transaction inner(db);
    EXPECT_TRUE(inner.nested());
    db.execute("INSERT INTO t VALUES (2)");
  }  // inner rolled back, outer still open
  EXPECT_TRUE(db.in_transaction());
  EXPECT_EQ(count_rows(db), 1);
  {
    Transaction inner(db);
    db.execute("INSERT INTO t VALUES (3)");
    inner.commit();
  }
  outer.commit();
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(db.query_int("SELECT sum(x) FROM t"), 4);
}

TEST(Sqlite, MovedStatementKeepsWorking) {
  Database db(":memory:");
  Statement a(db, "SELECT 42");
  Statement b(std::move(a));
  ASSERT_TRUE(b.step());
  EXPECT_EQ(b.column_int64(0), 42);
  b.reset();
  a = std::move(b);
  ASSERT_TRUE(a.step());
  EXPECT_EQ(a.column_int64(0), 42);
}

}  // namespace
}  // namespace marketbench::store
