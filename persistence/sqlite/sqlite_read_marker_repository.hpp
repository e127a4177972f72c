// Read markers in SQLite: per (room, user), the highest seq the user has read.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "persistence/repositories.hpp"

namespace chat::persistence::sqlite {

class sqlite_read_marker_repository final : public read_marker_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit sqlite_read_marker_repository(SQLite::Database& db);

  std::int64_t mark(id_t room_id, id_t user_id, std::int64_t seq) override;
  std::int64_t get(id_t room_id, id_t user_id) override;

 private:
  SQLite::Statement last_seq_;
  SQLite::Statement upsert_;
  SQLite::Statement get_;
};

}  // namespace chat::persistence::sqlite
