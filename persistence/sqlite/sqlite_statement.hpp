// Small helpers shared by the SQLite repositories: borrowing a cached prepared statement for
// one call, binding text/optional values, and reading a message row.
#pragma once

#include <string>
#include <string_view>

#include <SQLiteCpp/Statement.h>

#include "messages/domain.hpp"

namespace chat::persistence::sqlite {

/// Borrows a cached statement for one call: cleared bindings on entry, reset on exit, so a
/// SELECT never keeps its read snapshot (and the WAL) pinned after the call.
class statement_use {
 public:
  explicit statement_use(SQLite::Statement& s) : s_(s) {
    s_.tryReset();
    s_.clearBindings();
  }
  ~statement_use() { s_.tryReset(); }
  statement_use(const statement_use&) = delete;
  statement_use& operator=(const statement_use&) = delete;

  SQLite::Statement* operator->() noexcept { return &s_; }
  SQLite::Statement& operator*() noexcept { return s_; }

 private:
  SQLite::Statement& s_;
};

inline void bind_text(SQLite::Statement& s, int index, std::string_view text) {
  s.bind(index, std::string{text});
}

/// Binds NULL for an empty string (optional TEXT columns).
inline void bind_text_or_null(SQLite::Statement& s, int index, std::string_view text) {
  if (text.empty())
    s.bind(index);
  else
    s.bind(index, std::string{text});
}

/// Binds NULL for id 0 (optional foreign keys).
inline void bind_id_or_null(SQLite::Statement& s, int index, id_t id) {
  if (id == 0)
    s.bind(index);
  else
    s.bind(index, id);
}

/// The column list read_message expects, in order.
inline constexpr const char* message_columns =
  "id, room_id, seq, sender_id, body, parent_id, client_msg_id, created_at";

/// Reads a row selected with message_columns (starting at column `first`).
inline message_info read_message(SQLite::Statement& s, int first = 0) {
  message_info m;
  m.id = s.getColumn(first + 0).getInt64();
  m.room_id = s.getColumn(first + 1).getInt64();
  m.seq = s.getColumn(first + 2).getInt64();
  m.sender_id = s.getColumn(first + 3).getInt64();
  m.body = s.getColumn(first + 4).getString();
  m.parent_id = s.getColumn(first + 5).getInt64();  // NULL reads as 0: "no parent"
  m.client_msg_id = s.getColumn(first + 6).getString();  // NULL reads as ""
  m.created_at = s.getColumn(first + 7).getString();
  return m;
}

/// SQLite's LIMIT: a negative value means "no limit".
inline int sql_limit(int limit) noexcept {
  return limit > 0 ? limit : -1;
}

}  // namespace chat::persistence::sqlite
