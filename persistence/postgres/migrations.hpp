// The PostgreSQL schema as numbered migrations, the same versions as SQLite's (a version means
// the same tables on both backends); the table chatd_schema records how far a database is.
#pragma once

#include <pqxx/connection>

namespace chat::persistence::postgres {

/// The newest schema version this build knows (equal to the SQLite backend's).
int latest_schema_version() noexcept;

/// The version the database is at (0: empty).
int schema_version(pqxx::connection& c);

/// Applies every migration after the current version up to `target` (default: latest), each
/// in its own transaction under an advisory lock, so several chatd processes starting at once
/// apply each step exactly once. Returns how many this call applied. Throws
/// std::runtime_error when the database is newer than this build.
int migrate(pqxx::connection& c, int target = latest_schema_version());

}  // namespace chat::persistence::postgres
