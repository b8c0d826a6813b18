#pragma once

// A whole SQLite database as one file image in memory: taken with
// sqlite3_serialize, put back with SQLite's online backup API (page for page,
// into an ordinary connection, so the copy is the same kind of database as
// the connection's own, e.g. a normal ":memory:" one).

#include <cstddef>
#include <span>
#include <vector>

#include "store/sqlite.hpp"

namespace marketbench::store {

// The bytes of `db`'s main database as a file would hold them (a file in WAL
// mode: including the committed WAL content, marked as a rollback-journal
// file). Throws DatabaseError.
std::vector<std::byte> serialize_database(Database& db);

// Replaces `db`'s main database with the one `image` holds. Throws
// DatabaseError when `image` is not an SQLite database (SQLITE_NOTADB) or the
// copy fails; `db` is then unchanged or empty.
void restore_database(Database& db, std::span<const std::byte> image);

}  // namespace marketbench::store
