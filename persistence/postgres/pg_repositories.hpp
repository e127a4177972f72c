// The PostgreSQL backend as one bundle: a connection and the five repositories over it, handed
// out as `repositories&` to persistence jobs. One bundle per connection, one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "persistence/postgres/pg_connection.hpp"
#include "persistence/postgres/pg_message_repository.hpp"
#include "persistence/postgres/pg_read_marker_repository.hpp"
#include "persistence/postgres/pg_room_repository.hpp"
#include "persistence/postgres/pg_token_repository.hpp"
#include "persistence/postgres/pg_user_repository.hpp"
#include "persistence/repositories.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat::persistence::postgres {

class pg_repositories {
 public:
  /// Takes over a connection to a database at the latest schema (statements prepared here).
  explicit pg_repositories(std::unique_ptr<pg_connection> c);

  /// Connects to `url` for `role`. The writer migrates the schema first; both refuse a
  /// database at another version than this build's (newer: an older binary must not write
  /// into it; older: nobody migrated it). Throws with the reason. The writer's commits go
  /// as far as `level` says (synchronous_commit on or off), on every (re)connect.
  static std::unique_ptr<pg_repositories> open(const std::string& url, db_role role,
                                               reconnect_policy policy = {},
                                               durability level = durability::full);

  pg_repositories(const pg_repositories&) = delete;
  pg_repositories& operator=(const pg_repositories&) = delete;

  repositories& get() noexcept { return repos_; }
  pg_connection& connection() noexcept { return *c_; }

 private:
  std::unique_ptr<pg_connection> c_;
  pg_user_repository users_;
  pg_token_repository tokens_;
  pg_room_repository rooms_;
  pg_message_repository messages_;
  pg_read_marker_repository read_markers_;
  repositories repos_;
};

}  // namespace chat::persistence::postgres
