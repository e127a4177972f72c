// Users in PostgreSQL: unique usernames, optional password hashes (NULL for pseudo-auth users).
#pragma once

#include "persistence/postgres/pg_connection.hpp"
#include "persistence/repositories.hpp"

namespace chat::persistence::postgres {

class pg_user_repository final : public user_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit pg_user_repository(pg_connection& c);

  user_info create(std::string_view username, std::string_view password_hash) override;
  user_info get_or_create(std::string_view username) override;
  std::optional<user_info> find(id_t user_id) override;
  std::optional<user_credentials> find_by_name(std::string_view username) override;
  std::vector<user_info> list(id_t except, std::string_view after_username, int limit) override;

 private:
  pg_connection& c_;
};

}  // namespace chat::persistence::postgres
