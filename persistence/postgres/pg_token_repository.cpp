// PostgreSQL token_repository: one row per live token hash. The insert names its user in the
// statement itself (an unknown user inserts nothing), so "no such user" is an answer, not a
// failed statement; a token hash stored twice still fails (unique_violation), as on SQLite.
#include "persistence/postgres/pg_token_repository.hpp"

#include "common/clock.hpp"

namespace chat::persistence::postgres {

pg_token_repository::pg_token_repository(pg_connection& c) : c_(c) {
  c_.prepare("tokens.insert", "INSERT INTO tokens (token_hash, user_id, created_at) "
                              "SELECT $1, id, $3 FROM users WHERE id = $2");
  // Issue times are ISO-8601 text: compared byte-wise ("C"), whatever the database's collation.
  c_.prepare("tokens.user_of", "SELECT user_id FROM tokens WHERE token_hash = $1 "
                               "AND created_at >= $2 COLLATE \"C\"");
  c_.prepare("tokens.remove", "DELETE FROM tokens WHERE token_hash = $1");
  c_.prepare("tokens.remove_issued_before",
             "DELETE FROM tokens WHERE created_at < $1 COLLATE \"C\"");
}

void pg_token_repository::insert(std::string_view token_hash, id_t user_id) {
  auto r = c_.exec("tokens.insert", std::string{token_hash}, user_id, iso8601_now());
  if (r.affected_rows() == 0)
    throw chat_error(chat_errc::not_found, "no such user");
}

std::optional<id_t> pg_token_repository::user_of(std::string_view token_hash,
                                                 std::string_view issued_since) {
  auto r = c_.exec("tokens.user_of", std::string{token_hash}, std::string{issued_since});
  if (r.empty())
    return std::nullopt;
  return r[0][0].as<id_t>();
}

bool pg_token_repository::remove(std::string_view token_hash) {
  return c_.exec("tokens.remove", std::string{token_hash}).affected_rows() > 0;
}

std::size_t pg_token_repository::remove_issued_before(std::string_view issued_since) {
  return c_.exec("tokens.remove_issued_before", std::string{issued_since}).affected_rows();
}

}  // namespace chat::persistence::postgres
