// PostgreSQL message_repository. Several writers (processes) may append to one room at once, so
// the rule is enforced by locks, not by being the only writer as on SQLite. The store is the
// next message in a room, in one statement (one round trip, group commit pays per statement):
// - the room row is locked first (FOR NO KEY UPDATE: writers of one room queue here, while
//   foreign-key checks of other rows still pass) and held until the caller's transaction ends,
//   so seq = last_seq + 1 is gapless and UNIQUE (room_id, seq) never has to say no;
// - the dedupe key is settled by the unique index: ON CONFLICT DO NOTHING waits for a concurrent
//   insert of the same (sender, clientMsgId) and, when that one committed, inserts nothing —
//   and then the room is not bumped either, so a duplicate leaves no gap behind.
// The caller (the store) runs append inside a transaction + SAVEPOINT, as on SQLite.
#include "persistence/postgres/pg_message_repository.hpp"

#include <limits>
#include <string>

#include "persistence/postgres/pg_rows.hpp"

namespace chat::persistence::postgres {

namespace {

std::string select_messages(const char* where_and_order) {
  return std::string{"SELECT "} + message_columns + " FROM messages " + where_and_order;
}

std::vector<message_info> read_all(const pqxx::result& r) {
  std::vector<message_info> out;
  out.reserve(r.size());
  for (const auto& row : r)
    out.push_back(read_message(row));
  return out;
}

}  // namespace

pg_message_repository::pg_message_repository(pg_connection& c) : c_(c) {
  c_.prepare("messages.by_client_id",
             select_messages("WHERE sender_id = $1 AND client_msg_id = $2"));
  c_.prepare("messages.parent_room", "SELECT room_id FROM messages WHERE id = $1");
  // One row always: the room's next seq (NULL: no such room), then the new message's id (NULL:
  // nothing inserted, the key was stored by another writer).
  c_.prepare("messages.store",
             "WITH room AS (SELECT last_seq + 1 AS seq FROM rooms WHERE id = $1 FOR NO KEY UPDATE), "
             "stored AS (INSERT INTO messages "
             "(room_id, seq, sender_id, body, parent_id, client_msg_id, created_at) "
             "SELECT $1, seq, $2, $3, $4, $5, $6 FROM room "
             "ON CONFLICT (sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL DO NOTHING "
             "RETURNING id, seq), "
             "bumped AS (UPDATE rooms SET last_seq = stored.seq, last_activity = $6 "
             "FROM stored WHERE rooms.id = $1) "
             "SELECT (SELECT seq FROM room), (SELECT id FROM stored)");
  c_.prepare("messages.before",
             select_messages("WHERE room_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3"));
  c_.prepare("messages.after",
             select_messages("WHERE room_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3"));
}

append_result pg_message_repository::append(const new_message& m, std::string_view created_at) {
  if (!m.client_msg_id.empty())
    if (auto stored = find_duplicate(m.sender_id, m.client_msg_id))
      return {std::move(*stored), true};
  if (m.parent_id != 0)
    check_parent(m.room_id, m.parent_id);
  auto stored = c_.exec("messages.store", m.room_id, m.sender_id, m.body, id_or_null(m.parent_id),
                        text_or_null(m.client_msg_id), std::string{created_at})[0];
  if (stored[0].is_null())
    throw chat_error(chat_errc::not_found, "no such room");
  if (stored[1].is_null())  // stored by another writer since our first look, and committed
    return {find_duplicate(m.sender_id, m.client_msg_id).value(), true};
  message_info out;
  out.id = stored[1].as<id_t>();
  out.room_id = m.room_id;
  out.seq = stored[0].as<std::int64_t>();
  out.sender_id = m.sender_id;
  out.body = m.body;
  out.parent_id = m.parent_id;
  out.client_msg_id = m.client_msg_id;
  out.created_at = std::string{created_at};
  return {std::move(out), false};
}

std::optional<message_info> pg_message_repository::find_duplicate(id_t sender_id,
                                                                   const std::string& client_msg_id) {
  auto r = c_.exec("messages.by_client_id", sender_id, client_msg_id);
  if (r.empty())
    return std::nullopt;
  return read_message(r[0]);
}

void pg_message_repository::check_parent(id_t room_id, id_t parent_id) {
  auto r = c_.exec("messages.parent_room", parent_id);
  if (r.empty() || r[0][0].as<id_t>() != room_id)
    throw chat_error(chat_errc::bad_request, "parent message is not in this room");
}

std::vector<message_info> pg_message_repository::before(id_t room_id, std::int64_t before_seq,
                                                        int limit) {
  auto bound = before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max();
  return read_all(c_.exec("messages.before", room_id, bound, pg_limit(limit)));
}

std::vector<message_info> pg_message_repository::after(id_t room_id, std::int64_t after_seq,
                                                       int limit) {
  return read_all(c_.exec("messages.after", room_id, after_seq, pg_limit(limit)));
}

}  // namespace chat::persistence::postgres
