// Rooms in PostgreSQL: direct rooms (one per pair, keyed "minId:maxId"), group rooms, members,
// and the per-user room list (newest activity first, keyset-paginated, with unread counts).
#pragma once

#include "persistence/postgres/pg_connection.hpp"
#include "persistence/repositories.hpp"

namespace chat::persistence::postgres {

class pg_room_repository final : public room_repository {
 public:
  /// Prepares its statements; the schema must exist.
  explicit pg_room_repository(pg_connection& c);

  room_info get_or_create_direct(id_t a, id_t b, bool& created) override;
  room_info create_group(std::string_view name, id_t creator,
                         std::span<const id_t> members) override;
  room_info add_members(id_t room_id, std::span<const id_t> users) override;
  void remove_member(id_t room_id, id_t user_id) override;
  std::optional<room_info> find(id_t room_id) override;
  bool is_member(id_t room_id, id_t user_id) override;
  std::vector<id_t> room_ids_of(id_t user_id) override;
  room_page list_for(id_t user_id, std::string_view after_cursor, int limit) override;

 private:
  std::optional<id_t> direct_room(const std::string& key);
  void insert_member(id_t room_id, id_t user_id);
  void require_user(id_t user_id);
  room_info get(id_t room_id);
  std::optional<message_info> last_message(id_t room_id);
  std::int64_t unread(id_t room_id, id_t user_id);

  pg_connection& c_;
};

}  // namespace chat::persistence::postgres
