#include "store/schema.hpp"

#include <fmt/format.h>

namespace marketbench::store {

SchemaVersionError::SchemaVersionError(std::string database, std::int64_t found,
                                       std::int64_t supported,
                                       const std::string& message)
    : std::runtime_error(message),
      database_(std::move(database)),
      found_(found),
      supported_(supported) {}

std::int64_t schema_version(Database& db) {
  return db.query_int("PRAGMA user_version");
}

namespace {

void refuse_newer(Database& db, std::int64_t found) {
  if (found <= kSchemaVersion) return;
  throw SchemaVersionError(
      db.path(), found, kSchemaVersion,
      fmt::format("results database '{}' has schema version {}, newer than "
                  "version {} that this marketbench supports; refusing to "
                  "open it (it was written by a newer marketbench)",
                  db.path(), found, kSchemaVersion));
}

// Version 1 keyed the tables (stock_id, day); its rows move to the current
// tables in their key order.
void migrate_from_v1(Database& db) {
  db.execute(sql::kMigrateV1RenameOld);
  db.execute(sql::kCreateSchema);
  db.execute(sql::kMigrateV1CopyRows);
}

}  // namespace

void ensure_schema(Database& db) {
  // Fast path without the write lock: an up-to-date database is only read.
  std::int64_t version = schema_version(db);
  refuse_newer(db, version);
  if (version == kSchemaVersion) return;

  // Decide again under the write lock: another connection may have created
  // the schema since the first read.
  Transaction transaction(db);
  version = schema_version(db);
  refuse_newer(db, version);
  if (version == kSchemaVersion) {
    transaction.commit();
    return;
  }
  if (version < 0) {
    throw SchemaVersionError(
        db.path(), version, kSchemaVersion,
        fmt::format("results database '{}' has invalid schema version {}",
                    db.path(), version));
  }
  if (version == 1) {
    migrate_from_v1(db);
    db.execute(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
    transaction.commit();
    return;
  }
  // version == 0: only an empty database becomes ours.
  const std::int64_t tables =
      db.query_int("SELECT count(*) FROM sqlite_schema");
  if (tables != 0) {
    throw SchemaVersionError(
        db.path(), version, kSchemaVersion,
        fmt::format("'{}' has no marketbench schema version (user_version 0) "
                    "but already holds {} schema objects; not a marketbench "
                    "results database",
                    db.path(), tables));
  }
  db.execute(sql::kCreateSchema);
  db.execute(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
  transaction.commit();
}

}  // namespace marketbench::store
