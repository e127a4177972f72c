// Connection set-up. journal_mode=WAL is a property of the file (persistent), so the writer
// sets it once; the other pragmas are per connection and every connection sets its own.
#include "persistence/sqlite/database.hpp"

namespace chat::persistence {

SQLite::Database open_database(const std::string& path, db_role role, durability level) {
  SQLite::Database db{path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                      busy_timeout_ms};
  if (role == db_role::writer) {
    db.exec("PRAGMA journal_mode=WAL");
    // In WAL mode FULL syncs the log at every commit; NORMAL only at checkpoints, so a commit
    // survives a crash of the process (the OS holds it) but not of the machine.
    db.exec(level == durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  } else {
    db.exec("PRAGMA synchronous=NORMAL");
    // Writes belong to the store (one writer, group commit); a write slipped into a read job
    // fails at once instead of contending for the write lock.
    db.exec("PRAGMA query_only=ON");
  }
  db.exec("PRAGMA foreign_keys=ON");
  return db;
}

}  // namespace chat::persistence
