// Moving a chatd database from SQLite to PostgreSQL (`chatd --export-to postgresql://…`): every
// row copied with its id, so tokens, seqs, read markers and client-side ids keep working.
#pragma once

#include <cstdint>
#include <string>

namespace chat::persistence {

/// Rows copied, table by table.
struct export_counts {
  std::int64_t users = 0;
  std::int64_t tokens = 0;
  std::int64_t rooms = 0;
  std::int64_t room_members = 0;
  std::int64_t messages = 0;
  std::int64_t read_markers = 0;
};

/// Copies the SQLite database at `sqlite_path` into the PostgreSQL database at `url` in one
/// transaction, from one snapshot of the file (chatd may keep running on it; what it writes
/// afterwards is not copied). The file is only read, and must be at this build's schema version
/// (start chatd on it once to upgrade it). The target is migrated and must hold no users and no
/// rooms. Throws std::runtime_error (or a libpq error) with the reason; then no row was copied
/// (the target may have been migrated).
export_counts export_sqlite_to_postgres(const std::string& sqlite_path, const std::string& url);

}  // namespace chat::persistence
