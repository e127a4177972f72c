// SQLite read_marker_repository. A marker only moves forward, and never past the room's
// last_seq: a client cannot "read" messages that do not exist yet and hide them from unread.
#include "persistence/sqlite/sqlite_read_marker_repository.hpp"

#include <algorithm>

#include "persistence/sqlite/sqlite_statement.hpp"

namespace chat::persistence::sqlite {

sqlite_read_marker_repository::sqlite_read_marker_repository(SQLite::Database& db)
  : last_seq_(db, "SELECT last_seq FROM rooms WHERE id = ?1"),
    upsert_(db, "INSERT INTO read_markers (room_id, user_id, seq) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (room_id, user_id) DO UPDATE SET seq = max(seq, excluded.seq) "
                "RETURNING seq"),
    get_(db, "SELECT seq FROM read_markers WHERE room_id = ?1 AND user_id = ?2") {}

std::int64_t sqlite_read_marker_repository::mark(id_t room_id, id_t user_id, std::int64_t seq) {
  std::int64_t last_seq = 0;
  {
    statement_use s{last_seq_};
    s->bind(1, room_id);
    if (!s->executeStep())
      throw chat_error(chat_errc::not_found, "no such room");
    last_seq = s->getColumn(0).getInt64();
  }
  statement_use s{upsert_};
  s->bind(1, room_id);
  s->bind(2, user_id);
  s->bind(3, std::clamp<std::int64_t>(seq, 0, last_seq));
  s->executeStep();
  return s->getColumn(0).getInt64();
}

std::int64_t sqlite_read_marker_repository::get(id_t room_id, id_t user_id) {
  statement_use s{get_};
  s->bind(1, room_id);
  s->bind(2, user_id);
  return s->executeStep() ? s->getColumn(0).getInt64() : 0;
}

}  // namespace chat::persistence::sqlite
