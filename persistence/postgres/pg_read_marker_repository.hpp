// Read markers in PostgreSQL: per (room, user), the highest seq the user has read.
#pragma once

#include "persistence/postgres/pg_connection.hpp"
#include "persistence/repositories.hpp"

namespace chat::persistence::postgres {

class pg_read_marker_repository final : public read_marker_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit pg_read_marker_repository(pg_connection& c);

  std::int64_t mark(id_t room_id, id_t user_id, std::int64_t seq) override;
  std::int64_t get(id_t room_id, id_t user_id) override;

 private:
  pg_connection& c_;
};

}  // namespace chat::persistence::postgres
