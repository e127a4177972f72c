// Messages in PostgreSQL: dedupe by (sender, client_msg_id), same-room parents, gapless per-room
// seq — also with several chatd processes writing to the same room at once.
#pragma once

#include "persistence/postgres/pg_connection.hpp"
#include "persistence/repositories.hpp"

namespace chat::persistence::postgres {

class pg_message_repository final : public message_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit pg_message_repository(pg_connection& c);

  append_result append(const new_message& m, std::string_view created_at) override;
  std::vector<message_info> before(id_t room_id, std::int64_t before_seq, int limit) override;
  std::vector<message_info> after(id_t room_id, std::int64_t after_seq, int limit) override;

 private:
  std::optional<message_info> find_duplicate(id_t sender_id, const std::string& client_msg_id);
  void check_parent(id_t room_id, id_t parent_id);

  pg_connection& c_;
};

}  // namespace chat::persistence::postgres
