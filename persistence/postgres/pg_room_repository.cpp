// PostgreSQL room_repository. Two processes may open the same direct room at once: the UNIQUE
// direct_key decides, ON CONFLICT DO NOTHING makes the loser find the winner's room. The room
// list pages by keyset (persistence/room_cursor.hpp), as on SQLite.
#include "persistence/postgres/pg_room_repository.hpp"

#include <algorithm>
#include <string>

#include "common/clock.hpp"
#include "persistence/postgres/pg_rows.hpp"
#include "persistence/room_cursor.hpp"

namespace chat::persistence::postgres {

pg_room_repository::pg_room_repository(pg_connection& c) : c_(c) {
  c_.prepare("rooms.user_exists", "SELECT 1 FROM users WHERE id = $1");
  c_.prepare("rooms.by_direct_key", "SELECT id FROM rooms WHERE direct_key = $1");
  c_.prepare("rooms.insert_direct",
             "INSERT INTO rooms (kind, direct_key, created_at, last_activity) "
             "VALUES ('direct', $1, $2, $2) ON CONFLICT (direct_key) DO NOTHING RETURNING id");
  c_.prepare("rooms.insert_group", "INSERT INTO rooms (kind, name, created_at, last_activity) "
                                   "VALUES ('group', $1, $2, $2) RETURNING id");
  c_.prepare("rooms.insert_member", "INSERT INTO room_members (room_id, user_id) VALUES ($1, $2) "
                                    "ON CONFLICT DO NOTHING");
  c_.prepare("rooms.remove_member", "DELETE FROM room_members WHERE room_id = $1 AND user_id = $2");
  c_.prepare("rooms.room", "SELECT id, kind, name, last_seq, created_at FROM rooms WHERE id = $1");
  c_.prepare("rooms.members",
             "SELECT u.id, u.username FROM room_members m JOIN users u ON u.id = m.user_id "
             "WHERE m.room_id = $1 ORDER BY u.id");
  c_.prepare("rooms.is_member", "SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2");
  c_.prepare("rooms.room_ids",
             "SELECT room_id FROM room_members WHERE user_id = $1 ORDER BY room_id");
  c_.prepare("rooms.page",
             "SELECT r.id, r.last_activity FROM room_members m JOIN rooms r ON r.id = m.room_id "
             "WHERE m.user_id = $1 AND ($2::text IS NULL OR r.last_activity < $2 "
             "OR (r.last_activity = $2 AND r.id < $3)) "
             "ORDER BY r.last_activity DESC, r.id DESC LIMIT $4");
  c_.prepare("rooms.last_message", std::string{"SELECT "} + message_columns
                                     + " FROM messages WHERE room_id = $1 ORDER BY seq DESC LIMIT 1");
  // seq > marker, not the reader's own: what "unread" means in docs/protocol.md (GET /api/rooms).
  c_.prepare("rooms.unread",
             "SELECT count(*) FROM messages WHERE room_id = $1 AND sender_id != $2 AND seq > "
             "coalesce((SELECT seq FROM read_markers WHERE room_id = $1 AND user_id = $2), 0)");
}

room_info pg_room_repository::get_or_create_direct(id_t a, id_t b, bool& created) {
  if (a == b)
    throw chat_error(chat_errc::bad_request, "a direct room needs two different users");
  auto key = std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
  if (auto id = direct_room(key)) {
    created = false;
    return get(*id);
  }
  require_user(a);
  require_user(b);
  auto r = c_.exec("rooms.insert_direct", key, iso8601_now());
  if (r.empty()) {  // another process created it meanwhile; the insert waited for its commit
    created = false;
    return get(direct_room(key).value());
  }
  auto id = r[0][0].as<id_t>();
  insert_member(id, a);
  insert_member(id, b);
  created = true;
  return get(id);
}

room_info pg_room_repository::create_group(std::string_view name, id_t creator,
                                           std::span<const id_t> members) {
  require_user(creator);
  for (auto user : members)
    require_user(user);
  auto id = c_.exec("rooms.insert_group", text_or_null(name), iso8601_now())[0][0].as<id_t>();
  insert_member(id, creator);
  for (auto user : members)
    insert_member(id, user);
  return get(id);
}

room_info pg_room_repository::add_members(id_t room_id, std::span<const id_t> users) {
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

void pg_room_repository::remove_member(id_t room_id, id_t user_id) {
  c_.exec("rooms.remove_member", room_id, user_id);
}

std::optional<room_info> pg_room_repository::find(id_t room_id) {
  auto r = c_.exec("rooms.room", room_id);
  if (r.empty())
    return std::nullopt;
  room_info room;
  room.id = r[0][0].as<id_t>();
  room.kind = r[0][1].as<std::string>();
  room.name = text_of(r[0][2]);  // NULL (direct) reads as ""
  room.last_seq = r[0][3].as<std::int64_t>();
  room.created_at = r[0][4].as<std::string>();
  for (const auto& m : c_.exec("rooms.members", room_id))
    room.members.push_back({m[0].as<id_t>(), m[1].as<std::string>()});
  return room;
}

bool pg_room_repository::is_member(id_t room_id, id_t user_id) {
  return !c_.exec("rooms.is_member", room_id, user_id).empty();
}

std::vector<id_t> pg_room_repository::room_ids_of(id_t user_id) {
  std::vector<id_t> out;
  for (const auto& row : c_.exec("rooms.room_ids", user_id))
    out.push_back(row[0].as<id_t>());
  return out;
}

room_page pg_room_repository::list_for(id_t user_id, std::string_view after_cursor, int limit) {
  if (limit <= 0)
    limit = 50;
  std::optional<std::string> after_activity;
  id_t after_id = 0;
  if (!after_cursor.empty()) {
    auto cursor = decode_cursor(after_cursor);
    after_activity = std::move(cursor.last_activity);
    after_id = cursor.id;
  }
  struct key { id_t id; std::string last_activity; };
  std::vector<key> keys;
  // One more than asked: is there a next page?
  for (const auto& row : c_.exec("rooms.page", user_id, after_activity, after_id, limit + 1))
    keys.push_back({row[0].as<id_t>(), row[1].as<std::string>()});
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

std::optional<id_t> pg_room_repository::direct_room(const std::string& key) {
  auto r = c_.exec("rooms.by_direct_key", key);
  if (r.empty())
    return std::nullopt;
  return r[0][0].as<id_t>();
}

void pg_room_repository::insert_member(id_t room_id, id_t user_id) {
  c_.exec("rooms.insert_member", room_id, user_id);
}

void pg_room_repository::require_user(id_t user_id) {
  if (c_.exec("rooms.user_exists", user_id).empty())
    throw chat_error(chat_errc::not_found, "no such user: " + std::to_string(user_id));
}

room_info pg_room_repository::get(id_t room_id) {
  if (auto room = find(room_id))
    return std::move(*room);
  throw chat_error(chat_errc::not_found, "no such room");
}

std::optional<message_info> pg_room_repository::last_message(id_t room_id) {
  auto r = c_.exec("rooms.last_message", room_id);
  if (r.empty())
    return std::nullopt;
  return read_message(r[0]);
}

std::int64_t pg_room_repository::unread(id_t room_id, id_t user_id) {
  return c_.exec("rooms.unread", room_id, user_id)[0][0].as<std::int64_t>();
}

}  // namespace chat::persistence::postgres
