#include "store/database_image.hpp"

#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <string>

namespace marketbench::store {
namespace {

// Header bytes 18 and 19 (file format write/read version): 2 for WAL, which
// an in-memory image cannot use, 1 for a rollback journal.
constexpr std::size_t kFormatVersionOffset = 18;

bool is_wal_image(std::span<const std::byte> image) {
  return image.size() > kFormatVersionOffset + 1 &&
         (image[kFormatVersionOffset] == std::byte{2} ||
          image[kFormatVersionOffset + 1] == std::byte{2});
}

// An image of a WAL database as a rollback-journal one, as SQLite's own
// documentation of sqlite3_deserialize advises; the pages are unchanged.
void mark_rollback_journal(std::vector<std::byte>& image) {
  if (!is_wal_image(image)) return;
  image[kFormatVersionOffset] = std::byte{1};
  image[kFormatVersionOffset + 1] = std::byte{1};
}

}  // namespace

std::vector<std::byte> serialize_database(Database& db) {
  sqlite3_int64 size = 0;
  const std::unique_ptr<unsigned char, decltype(&sqlite3_free)> bytes(
      sqlite3_serialize(db.handle(), "main", &size, 0), &sqlite3_free);
  if (bytes == nullptr) db.fail(SQLITE_NOMEM, "serializing the database");
  std::vector<std::byte> image(static_cast<std::size_t>(size));
  if (size > 0) std::memcpy(image.data(), bytes.get(), image.size());
  mark_rollback_journal(image);
  return image;
}

void restore_database(Database& db, std::span<const std::byte> image) {
  // The image as a read-only in-memory database of a second connection
  // (SQLite's memdb: it reads the buffer in place), the backup's source.
  sqlite3* source = nullptr;
  const auto close = [](sqlite3* handle) { sqlite3_close_v2(handle); };
  int rc =
      sqlite3_open_v2(":memory:", &source,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  const std::unique_ptr<sqlite3, decltype(close)> owner(source, close);
  if (rc != SQLITE_OK) db.fail(rc, "opening a database image");
  std::vector<std::byte> patched;
  if (is_wal_image(image)) {
    patched.assign(image.begin(), image.end());
    mark_rollback_journal(patched);
    image = patched;
  }
  // Owned by the caller, read-only: SQLite never writes or frees it.
  auto* data = const_cast<unsigned char*>(
      reinterpret_cast<const unsigned char*>(image.data()));
  rc = sqlite3_deserialize(
      source, "main", data, static_cast<sqlite3_int64>(image.size()),
      static_cast<sqlite3_int64>(image.size()), SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) {
    throw DatabaseError(rc, sqlite3_errmsg(source), "reading a database image",
                        db.path());
  }
  sqlite3_backup* backup =
      sqlite3_backup_init(db.handle(), "main", source, "main");
  if (backup == nullptr)
    db.fail(sqlite3_errcode(db.handle()), "restoring a database image");
  rc = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    // The source's error (e.g. not a database) is the useful one.
    throw DatabaseError(rc, sqlite3_errmsg(source),
                        "restoring a database image", db.path());
  }
  if (finished != SQLITE_OK) db.fail(finished, "restoring a database image");
}

}  // namespace marketbench::store
