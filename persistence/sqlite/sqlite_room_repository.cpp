// SQLite room_repository. The room list pages by keyset (persistence/room_cursor.hpp): newest
// activity first, the room id breaking ties.
#include "persistence/sqlite/sqlite_room_repository.hpp"

#include <algorithm>
#include <string>

#include "common/clock.hpp"
#include "persistence/room_cursor.hpp"
#include "persistence/sqlite/sqlite_statement.hpp"

namespace chat::persistence::sqlite {

sqlite_room_repository::sqlite_room_repository(SQLite::Database& db)
  : db_(db),
    user_exists_(db, "SELECT 1 FROM users WHERE id = ?1"),
    by_direct_key_(db, "SELECT id FROM rooms WHERE direct_key = ?1"),
    insert_room_(db, "INSERT INTO rooms (kind, name, direct_key, created_at, last_activity) "
                     "VALUES (?1, ?2, ?3, ?4, ?4)"),
    insert_member_(db, "INSERT OR IGNORE INTO room_members (room_id, user_id) VALUES (?1, ?2)"),
    remove_member_(db, "DELETE FROM room_members WHERE room_id = ?1 AND user_id = ?2"),
    room_(db, "SELECT id, kind, name, last_seq, created_at FROM rooms WHERE id = ?1"),
    members_(db, "SELECT u.id, u.username FROM room_members m JOIN users u ON u.id = m.user_id "
                 "WHERE m.room_id = ?1 ORDER BY u.id"),
    is_member_(db, "SELECT 1 FROM room_members WHERE room_id = ?1 AND user_id = ?2"),
    room_ids_(db, "SELECT room_id FROM room_members WHERE user_id = ?1 ORDER BY room_id"),
    page_(db, "SELECT r.id, r.last_activity FROM room_members m JOIN rooms r ON r.id = m.room_id "
              "WHERE m.user_id = ?1 AND (?2 IS NULL OR r.last_activity < ?2 "
              "OR (r.last_activity = ?2 AND r.id < ?3)) "
              "ORDER BY r.last_activity DESC, r.id DESC LIMIT ?4"),
    last_message_(db, std::string{"SELECT "} + message_columns
                        + " FROM messages WHERE room_id = ?1 ORDER BY seq DESC LIMIT 1"),
    // seq > marker, not the reader's own: what "unread" means in docs/protocol.md (GET /api/rooms).
    unread_(db, "SELECT count(*) FROM messages WHERE room_id = ?1 AND sender_id != ?2 AND seq > "
                "coalesce((SELECT seq FROM read_markers "
                "WHERE room_id = ?1 AND user_id = ?2), 0)") {}

room_info sqlite_room_repository::get_or_create_direct(id_t a, id_t b, bool& created) {
  if (a == b)
    throw chat_error(chat_errc::bad_request, "a direct room needs two different users");
  auto key = std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
  {
    statement_use s{by_direct_key_};
    bind_text(*s, 1, key);
    if (s->executeStep()) {
      created = false;
      return get(s->getColumn(0).getInt64());
    }
  }
  require_user(a);
  require_user(b);
  auto id = insert_room("direct", {}, key);
  insert_member(id, a);
  insert_member(id, b);
  created = true;
  return get(id);
}

room_info sqlite_room_repository::create_group(std::string_view name, id_t creator,
                                               std::span<const id_t> members) {
  require_user(creator);
  for (auto user : members)
    require_user(user);
  auto id = insert_room("group", name, {});
  insert_member(id, creator);
  for (auto user : members)
    insert_member(id, user);
  return get(id);
}

room_info sqlite_room_repository::add_members(id_t room_id, std::span<const id_t> users) {
  auto room = find(room_id);
  if (!room)
    throw chat_error(chat_errc::not_found, "no such room");
  if (room->kind != "group")
    throw chat_error(chat_errc::bad_request, "members can only be added to a group room");
  for (auto user : users)
    require_user(user);
  for (auto user : users)
    insert_member(room_id, user);
  return get(room_id);
}

void sqlite_room_repository::remove_member(id_t room_id, id_t user_id) {
  statement_use s{remove_member_};
  s->bind(1, room_id);
  s->bind(2, user_id);
  s->exec();
}

std::optional<room_info> sqlite_room_repository::find(id_t room_id) {
  room_info room;
  {
    statement_use s{room_};
    s->bind(1, room_id);
    if (!s->executeStep())
      return std::nullopt;
    room.id = s->getColumn(0).getInt64();
    room.kind = s->getColumn(1).getString();
    room.name = s->getColumn(2).getString();  // NULL (direct) reads as ""
    room.last_seq = s->getColumn(3).getInt64();
    room.created_at = s->getColumn(4).getString();
  }
  statement_use s{members_};
  s->bind(1, room_id);
  while (s->executeStep())
    room.members.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString()});
  return room;
}

bool sqlite_room_repository::is_member(id_t room_id, id_t user_id) {
  statement_use s{is_member_};
  s->bind(1, room_id);
  s->bind(2, user_id);
  return s->executeStep();
}

std::vector<id_t> sqlite_room_repository::room_ids_of(id_t user_id) {
  statement_use s{room_ids_};
  s->bind(1, user_id);
  std::vector<id_t> out;
  while (s->executeStep())
    out.push_back(s->getColumn(0).getInt64());
  return out;
}

room_page sqlite_room_repository::list_for(id_t user_id, std::string_view after_cursor,
                                           int limit) {
  if (limit <= 0)
    limit = 50;
  struct key { id_t id; std::string last_activity; };
  std::vector<key> keys;
  {
    statement_use s{page_};
    s->bind(1, user_id);
    if (!after_cursor.empty()) {
      auto cursor = decode_cursor(after_cursor);
      bind_text(*s, 2, cursor.last_activity);
      s->bind(3, cursor.id);
    }
    s->bind(4, limit + 1);  // one more than asked: is there a next page?
    while (s->executeStep())
      keys.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString()});
  }
  room_page page;
  bool more = keys.size() > static_cast<std::size_t>(limit);
  if (more)
    keys.pop_back();
  for (const auto& k : keys)
    page.rooms.push_back({get(k.id), last_message(k.id), unread(k.id, user_id)});
  if (more)
    page.next_cursor = encode_cursor(keys.back().last_activity, keys.back().id);
  return page;
}

// -- helpers ------------------------------------------------------------------

id_t sqlite_room_repository::insert_room(std::string_view kind, std::string_view name,
                                         std::string_view direct_key) {
  statement_use s{insert_room_};
  bind_text(*s, 1, kind);
  bind_text_or_null(*s, 2, name);
  bind_text_or_null(*s, 3, direct_key);
  bind_text(*s, 4, iso8601_now());
  s->exec();
  return db_.getLastInsertRowid();
}

void sqlite_room_repository::insert_member(id_t room_id, id_t user_id) {
  statement_use s{insert_member_};
  s->bind(1, room_id);
  s->bind(2, user_id);
  s->exec();
}

void sqlite_room_repository::require_user(id_t user_id) {
  statement_use s{user_exists_};
  s->bind(1, user_id);
  if (!s->executeStep())
    throw chat_error(chat_errc::not_found, "no such user: " + std::to_string(user_id));
}

room_info sqlite_room_repository::get(id_t room_id) {
  if (auto room = find(room_id))
    return std::move(*room);
  throw chat_error(chat_errc::not_found, "no such room");
}

std::optional<message_info> sqlite_room_repository::last_message(id_t room_id) {
  statement_use s{last_message_};
  s->bind(1, room_id);
  if (!s->executeStep())
    return std::nullopt;
  return read_message(*s);
}

std::int64_t sqlite_room_repository::unread(id_t room_id, id_t user_id) {
  statement_use s{unread_};
  s->bind(1, room_id);
  s->bind(2, user_id);
  s->executeStep();
  return s->getColumn(0).getInt64();
}

}  // namespace chat::persistence::sqlite
