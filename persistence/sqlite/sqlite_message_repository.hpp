// Messages in SQLite: dedupe by (sender, client_msg_id), same-room parents, gapless per-room seq.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "persistence/repositories.hpp"

namespace chat::persistence::sqlite {

class sqlite_message_repository final : public message_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit sqlite_message_repository(SQLite::Database& db);

  append_result append(const new_message& m, std::string_view created_at) override;
  std::vector<message_info> before(id_t room_id, std::int64_t before_seq, int limit) override;
  std::vector<message_info> after(id_t room_id, std::int64_t after_seq, int limit) override;

 private:
  std::optional<message_info> find_duplicate(id_t sender_id, std::string_view client_msg_id);
  void check_parent(id_t room_id, id_t parent_id);
  std::int64_t next_seq(id_t room_id, std::string_view created_at);

  SQLite::Database& db_;
  SQLite::Statement by_client_id_;
  SQLite::Statement parent_room_;
  SQLite::Statement bump_room_;
  SQLite::Statement insert_;
  SQLite::Statement before_;
  SQLite::Statement after_;
};

}  // namespace chat::persistence::sqlite
