// Opening a SQLite connection with the pragmas chatd relies on (WAL, foreign keys, busy
// timeout, durability level), for the one writer or for a reader.
#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

#include "persistence/unit_of_work.hpp"

namespace chat::persistence {

// The writer commits with synchronous=FULL (an acknowledged message survives power loss) or,
// with durability::normal, NORMAL (it survives a crash of chatd); readers only read, NORMAL is
// enough for them.

/// Opens (creating when missing) the database at `path` (":memory:" works, one private
/// database per connection). The writer switches the file to WAL so readers never wait
/// behind a write. Throws SQLite::Exception when the file cannot be opened.
SQLite::Database open_database(const std::string& path, db_role role,
                               durability level = durability::full);

/// How long a connection waits on a locked database before failing (ms).
constexpr int busy_timeout_ms = 5000;

}  // namespace chat::persistence
