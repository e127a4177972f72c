// SQLite token_repository: one row per live token hash.
#include "persistence/sqlite/sqlite_token_repository.hpp"

#include <sqlite3.h>

#include "common/clock.hpp"
#include "persistence/sqlite/sqlite_statement.hpp"

namespace chat::persistence::sqlite {

sqlite_token_repository::sqlite_token_repository(SQLite::Database& db)
  : insert_(db, "INSERT INTO tokens (token_hash, user_id, created_at) VALUES (?1, ?2, ?3)"),
    user_of_(db, "SELECT user_id FROM tokens WHERE token_hash = ?1 AND created_at >= ?2"),
    remove_(db, "DELETE FROM tokens WHERE token_hash = ?1"),
    remove_issued_before_(db, "DELETE FROM tokens WHERE created_at < ?1") {}

void sqlite_token_repository::insert(std::string_view token_hash, id_t user_id) {
  statement_use s{insert_};
  bind_text(*s, 1, token_hash);
  s->bind(2, user_id);
  bind_text(*s, 3, iso8601_now());
  try {
    s->exec();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_FOREIGNKEY)
      throw chat_error(chat_errc::not_found, "no such user");
    throw;
  }
}

std::optional<id_t> sqlite_token_repository::user_of(std::string_view token_hash,
                                                     std::string_view issued_since) {
  statement_use s{user_of_};
  bind_text(*s, 1, token_hash);
  bind_text(*s, 2, issued_since);
  if (!s->executeStep())
    return std::nullopt;
  return s->getColumn(0).getInt64();
}

bool sqlite_token_repository::remove(std::string_view token_hash) {
  statement_use s{remove_};
  bind_text(*s, 1, token_hash);
  return s->exec() > 0;
}

std::size_t sqlite_token_repository::remove_issued_before(std::string_view issued_since) {
  statement_use s{remove_issued_before_};
  bind_text(*s, 1, issued_since);
  return static_cast<std::size_t>(s->exec());
}

}  // namespace chat::persistence::sqlite
