// The SQLite backend as one bundle: a connection and the five repositories over it, handed
// out as `repositories&` to persistence jobs. One bundle per connection, one thread at a time.
#pragma once

#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>

#include "persistence/sqlite/database.hpp"
#include "persistence/repositories.hpp"
#include "persistence/sqlite/sqlite_message_repository.hpp"
#include "persistence/sqlite/sqlite_read_marker_repository.hpp"
#include "persistence/sqlite/sqlite_room_repository.hpp"
#include "persistence/sqlite/sqlite_token_repository.hpp"
#include "persistence/sqlite/sqlite_user_repository.hpp"

namespace chat::persistence {

class sqlite_repositories {
 public:
  /// Takes over an open connection whose schema is migrated (statements are prepared here).
  explicit sqlite_repositories(SQLite::Database db);

  /// Opens `path` for `role`; the writer migrates the schema first.
  static std::unique_ptr<sqlite_repositories> open(const std::string& path, db_role role,
                                                   durability level = durability::full);

  sqlite_repositories(const sqlite_repositories&) = delete;
  sqlite_repositories& operator=(const sqlite_repositories&) = delete;

  repositories& get() noexcept { return repos_; }
  SQLite::Database& db() noexcept { return db_; }

 private:
  SQLite::Database db_;
  sqlite::sqlite_user_repository users_;
  sqlite::sqlite_token_repository tokens_;
  sqlite::sqlite_room_repository rooms_;
  sqlite::sqlite_message_repository messages_;
  sqlite::sqlite_read_marker_repository read_markers_;
  repositories repos_;
};

}  // namespace chat::persistence
