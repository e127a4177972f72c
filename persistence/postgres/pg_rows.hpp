// Small helpers shared by the PostgreSQL repositories: optional parameters (NULL for "none")
// and reading a message row, the counterparts of persistence/sqlite/sqlite_statement.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <pqxx/row>

#include "messages/domain.hpp"

namespace chat::persistence::postgres {

/// NULL for an empty string (optional TEXT columns).
inline std::optional<std::string> text_or_null(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  return std::string{text};
}

/// NULL for id 0 (optional foreign keys).
inline std::optional<id_t> id_or_null(id_t id) {
  if (id == 0)
    return std::nullopt;
  return id;
}

/// LIMIT NULL is no limit: what a limit <= 0 means to the repositories.
inline std::optional<int> pg_limit(int limit) {
  if (limit > 0)
    return limit;
  return std::nullopt;
}

/// A nullable text column: NULL reads as "".
inline std::string text_of(const pqxx::field& f) {
  return f.is_null() ? std::string{} : f.as<std::string>();
}

/// The column list read_message expects, in order.
inline constexpr const char* message_columns =
  "id, room_id, seq, sender_id, body, parent_id, client_msg_id, created_at";

/// Reads a row selected with message_columns (starting at column `first`).
inline message_info read_message(const pqxx::row& r, int first = 0) {
  message_info m;
  m.id = r[first + 0].as<id_t>();
  m.room_id = r[first + 1].as<id_t>();
  m.seq = r[first + 2].as<std::int64_t>();
  m.sender_id = r[first + 3].as<id_t>();
  m.body = r[first + 4].as<std::string>();
  m.parent_id = r[first + 5].is_null() ? 0 : r[first + 5].as<id_t>();  // NULL: "no parent"
  m.client_msg_id = text_of(r[first + 6]);
  m.created_at = r[first + 7].as<std::string>();
  return m;
}

}  // namespace chat::persistence::postgres
