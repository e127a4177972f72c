// The schema as a list of numbered migrations; PRAGMA user_version records how far a file is.
// Only the writer migrates, once at start; each version is applied in its own transaction.
#pragma once

#include <SQLiteCpp/Database.h>

namespace chat::persistence {

/// The newest schema version this build knows.
int latest_schema_version() noexcept;

/// The version the database is at (0: empty).
int schema_version(SQLite::Database& db);

/// Applies every migration after the current version up to `target` (default: latest), each
/// in its own transaction, logging each one. Idempotent: a database already at `target` is left
/// alone. Returns how many migrations ran. Throws std::runtime_error when the database is
/// newer than this build.
int migrate(SQLite::Database& db, int target = latest_schema_version());

}  // namespace chat::persistence
