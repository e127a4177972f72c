// SQLite message_repository. append is several statements; the caller (the store actor) runs it
// inside a transaction + SAVEPOINT, so a failure midway leaves no half-written message and the
// seq taken from rooms.last_seq is rolled back with it (no gaps).
#include "persistence/sqlite/sqlite_message_repository.hpp"

#include <limits>
#include <string>

#include "persistence/sqlite/sqlite_statement.hpp"

namespace chat::persistence::sqlite {

namespace {

std::string select_messages(const char* where_and_order) {
  return std::string{"SELECT "} + message_columns + " FROM messages " + where_and_order;
}

std::vector<message_info> read_all(SQLite::Statement& s) {
  std::vector<message_info> out;
  while (s.executeStep())
    out.push_back(read_message(s));
  return out;
}

}  // namespace

sqlite_message_repository::sqlite_message_repository(SQLite::Database& db)
  : db_(db),
    by_client_id_(db, select_messages("WHERE sender_id = ?1 AND client_msg_id = ?2")),
    parent_room_(db, "SELECT room_id FROM messages WHERE id = ?1"),
    // RETURNING (SQLite >= 3.35): take the next seq and touch the room in one statement.
    bump_room_(db, "UPDATE rooms SET last_seq = last_seq + 1, last_activity = ?2 "
                   "WHERE id = ?1 RETURNING last_seq"),
    insert_(db, "INSERT INTO messages "
                "(room_id, seq, sender_id, body, parent_id, client_msg_id, created_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
    before_(db, select_messages("WHERE room_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3")),
    after_(db, select_messages("WHERE room_id = ?1 AND seq > ?2 ORDER BY seq ASC LIMIT ?3")) {}

append_result sqlite_message_repository::append(const new_message& m,
                                                std::string_view created_at) {
  if (!m.client_msg_id.empty())
    if (auto stored = find_duplicate(m.sender_id, m.client_msg_id))
      return {std::move(*stored), true};
  if (m.parent_id != 0)
    check_parent(m.room_id, m.parent_id);
  message_info out;
  out.room_id = m.room_id;
  out.seq = next_seq(m.room_id, created_at);
  out.sender_id = m.sender_id;
  out.body = m.body;
  out.parent_id = m.parent_id;
  out.client_msg_id = m.client_msg_id;
  out.created_at = std::string{created_at};
  statement_use s{insert_};
  s->bind(1, out.room_id);
  s->bind(2, out.seq);
  s->bind(3, out.sender_id);
  bind_text(*s, 4, out.body);
  bind_id_or_null(*s, 5, out.parent_id);
  bind_text_or_null(*s, 6, out.client_msg_id);
  bind_text(*s, 7, out.created_at);
  s->exec();
  out.id = db_.getLastInsertRowid();
  return {std::move(out), false};
}

std::optional<message_info>
sqlite_message_repository::find_duplicate(id_t sender_id, std::string_view client_msg_id) {
  statement_use s{by_client_id_};
  s->bind(1, sender_id);
  bind_text(*s, 2, client_msg_id);
  if (!s->executeStep())
    return std::nullopt;
  return read_message(*s);
}

void sqlite_message_repository::check_parent(id_t room_id, id_t parent_id) {
  statement_use s{parent_room_};
  s->bind(1, parent_id);
  if (!s->executeStep() || s->getColumn(0).getInt64() != room_id)
    throw chat_error(chat_errc::bad_request, "parent message is not in this room");
}

std::int64_t sqlite_message_repository::next_seq(id_t room_id, std::string_view created_at) {
  statement_use s{bump_room_};
  s->bind(1, room_id);
  bind_text(*s, 2, created_at);
  if (!s->executeStep())
    throw chat_error(chat_errc::not_found, "no such room");
  return s->getColumn(0).getInt64();
}

std::vector<message_info> sqlite_message_repository::before(id_t room_id,
                                                            std::int64_t before_seq, int limit) {
  statement_use s{before_};
  s->bind(1, room_id);
  s->bind(2, before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max());
  s->bind(3, sql_limit(limit));
  return read_all(*s);
}

std::vector<message_info> sqlite_message_repository::after(id_t room_id, std::int64_t after_seq,
                                                           int limit) {
  statement_use s{after_};
  s->bind(1, room_id);
  s->bind(2, after_seq);
  s->bind(3, sql_limit(limit));
  return read_all(*s);
}

}  // namespace chat::persistence::sqlite
