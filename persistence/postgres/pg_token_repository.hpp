// Bearer tokens in PostgreSQL, stored only as their hash.
#pragma once

#include "persistence/postgres/pg_connection.hpp"
#include "persistence/repositories.hpp"

namespace chat::persistence::postgres {

class pg_token_repository final : public token_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit pg_token_repository(pg_connection& c);

  void insert(std::string_view token_hash, id_t user_id) override;
  std::optional<id_t> user_of(std::string_view token_hash,
                              std::string_view issued_since) override;
  bool remove(std::string_view token_hash) override;
  std::size_t remove_issued_before(std::string_view issued_since) override;

 private:
  pg_connection& c_;
};

}  // namespace chat::persistence::postgres
