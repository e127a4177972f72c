// Bearer tokens in SQLite, stored only as their hash.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "persistence/repositories.hpp"

namespace chat::persistence::sqlite {

class sqlite_token_repository final : public token_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit sqlite_token_repository(SQLite::Database& db);

  void insert(std::string_view token_hash, id_t user_id) override;
  std::optional<id_t> user_of(std::string_view token_hash,
                              std::string_view issued_since) override;
  bool remove(std::string_view token_hash) override;
  std::size_t remove_issued_before(std::string_view issued_since) override;

 private:
  SQLite::Statement insert_;
  SQLite::Statement user_of_;
  SQLite::Statement remove_;
  SQLite::Statement remove_issued_before_;
};

}  // namespace chat::persistence::sqlite
