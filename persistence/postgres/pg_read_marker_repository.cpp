// PostgreSQL read_marker_repository. A marker only moves forward (GREATEST in the upsert, so two
// writers marking at once keep the higher), and never past the room's last_seq.
#include "persistence/postgres/pg_read_marker_repository.hpp"

#include <algorithm>

namespace chat::persistence::postgres {

pg_read_marker_repository::pg_read_marker_repository(pg_connection& c) : c_(c) {
  c_.prepare("markers.last_seq", "SELECT last_seq FROM rooms WHERE id = $1");
  c_.prepare("markers.upsert",
             "INSERT INTO read_markers (room_id, user_id, seq) VALUES ($1, $2, $3) "
             "ON CONFLICT (room_id, user_id) DO UPDATE "
             "SET seq = GREATEST(read_markers.seq, excluded.seq) RETURNING seq");
  c_.prepare("markers.get", "SELECT seq FROM read_markers WHERE room_id = $1 AND user_id = $2");
}

std::int64_t pg_read_marker_repository::mark(id_t room_id, id_t user_id, std::int64_t seq) {
  auto room = c_.exec("markers.last_seq", room_id);
  if (room.empty())
    throw chat_error(chat_errc::not_found, "no such room");
  auto last_seq = room[0][0].as<std::int64_t>();
  auto r = c_.exec("markers.upsert", room_id, user_id, std::clamp<std::int64_t>(seq, 0, last_seq));
  return r[0][0].as<std::int64_t>();
}

std::int64_t pg_read_marker_repository::get(id_t room_id, id_t user_id) {
  auto r = c_.exec("markers.get", room_id, user_id);
  return r.empty() ? 0 : r[0][0].as<std::int64_t>();
}

}  // namespace chat::persistence::postgres
