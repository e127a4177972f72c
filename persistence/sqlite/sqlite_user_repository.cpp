// SQLite user_repository. A taken name is detected by the UNIQUE constraint itself (no
// check-then-insert race) and reported as the contract's `conflict`.
#include "persistence/sqlite/sqlite_user_repository.hpp"

#include <sqlite3.h>

#include "common/clock.hpp"
#include "persistence/sqlite/sqlite_statement.hpp"

namespace chat::persistence::sqlite {

sqlite_user_repository::sqlite_user_repository(SQLite::Database& db)
  : db_(db),
    insert_(db, "INSERT INTO users (username, password_hash, created_at) VALUES (?1, ?2, ?3)"),
    by_id_(db, "SELECT id, username FROM users WHERE id = ?1"),
    by_name_(db, "SELECT id, username, password_hash FROM users WHERE username = ?1"),
    list_(db, "SELECT id, username FROM users WHERE id != ?1 AND username > ?2 "
              "ORDER BY username LIMIT ?3") {}

user_info sqlite_user_repository::create(std::string_view username,
                                         std::string_view password_hash) {
  statement_use s{insert_};
  bind_text(*s, 1, username);
  bind_text_or_null(*s, 2, password_hash);
  bind_text(*s, 3, iso8601_now());
  try {
    s->exec();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE)
      throw chat_error(chat_errc::conflict, "username is taken");
    throw;
  }
  return {db_.getLastInsertRowid(), std::string{username}};
}

user_info sqlite_user_repository::get_or_create(std::string_view username) {
  if (auto found = find_by_name(username))
    return found->user;
  return create(username, {});
}

std::optional<user_info> sqlite_user_repository::find(id_t user_id) {
  statement_use s{by_id_};
  s->bind(1, user_id);
  if (!s->executeStep())
    return std::nullopt;
  return user_info{s->getColumn(0).getInt64(), s->getColumn(1).getString()};
}

std::optional<user_credentials> sqlite_user_repository::find_by_name(std::string_view username) {
  statement_use s{by_name_};
  bind_text(*s, 1, username);
  if (!s->executeStep())
    return std::nullopt;
  return user_credentials{{s->getColumn(0).getInt64(), s->getColumn(1).getString()},
                          s->getColumn(2).getString()};
}

std::vector<user_info> sqlite_user_repository::list(id_t except, std::string_view after_username,
                                                    int limit) {
  statement_use s{list_};
  s->bind(1, except);
  bind_text(*s, 2, after_username);
  s->bind(3, sql_limit(limit));
  std::vector<user_info> out;
  while (s->executeStep())
    out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString()});
  return out;
}

}  // namespace chat::persistence::sqlite
