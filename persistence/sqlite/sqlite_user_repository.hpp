// Users in SQLite: unique usernames, optional password hashes (NULL for pseudo-auth users).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "persistence/repositories.hpp"

namespace chat::persistence::sqlite {

class sqlite_user_repository final : public user_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit sqlite_user_repository(SQLite::Database& db);

  user_info create(std::string_view username, std::string_view password_hash) override;
  user_info get_or_create(std::string_view username) override;
  std::optional<user_info> find(id_t user_id) override;
  std::optional<user_credentials> find_by_name(std::string_view username) override;
  std::vector<user_info> list(id_t except, std::string_view after_username, int limit) override;

 private:
  SQLite::Database& db_;
  SQLite::Statement insert_;
  SQLite::Statement by_id_;
  SQLite::Statement by_name_;
  SQLite::Statement list_;
};

}  // namespace chat::persistence::sqlite
