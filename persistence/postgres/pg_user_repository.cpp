// PostgreSQL user_repository. A taken name is found by the UNIQUE constraint itself, through
// ON CONFLICT DO NOTHING: no check-then-insert race between processes, and no failed statement
// that would abort the caller's transaction.
#include "persistence/postgres/pg_user_repository.hpp"

#include "common/clock.hpp"
#include "persistence/postgres/pg_rows.hpp"

namespace chat::persistence::postgres {

pg_user_repository::pg_user_repository(pg_connection& c) : c_(c) {
  c_.prepare("users.insert", "INSERT INTO users (username, password_hash, created_at) "
                             "VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING RETURNING id");
  c_.prepare("users.by_id", "SELECT id, username FROM users WHERE id = $1");
  c_.prepare("users.by_name",
             "SELECT id, username, password_hash FROM users WHERE username = $1");
  c_.prepare("users.list", "SELECT id, username FROM users WHERE id != $1 AND username > $2 "
                           "ORDER BY username LIMIT $3");
}

user_info pg_user_repository::create(std::string_view username, std::string_view password_hash) {
  auto r = c_.exec("users.insert", std::string{username}, text_or_null(password_hash),
                   iso8601_now());
  if (r.empty())
    throw chat_error(chat_errc::conflict, "username is taken");
  return {r[0][0].as<id_t>(), std::string{username}};
}

user_info pg_user_repository::get_or_create(std::string_view username) {
  if (auto found = find_by_name(username))
    return found->user;
  auto r = c_.exec("users.insert", std::string{username}, text_or_null({}), iso8601_now());
  if (!r.empty())
    return {r[0][0].as<id_t>(), std::string{username}};
  // Another process created it between our lookup and our insert (which waited for its commit).
  return find_by_name(username).value().user;
}

std::optional<user_info> pg_user_repository::find(id_t user_id) {
  auto r = c_.exec("users.by_id", user_id);
  if (r.empty())
    return std::nullopt;
  return user_info{r[0][0].as<id_t>(), r[0][1].as<std::string>()};
}

std::optional<user_credentials> pg_user_repository::find_by_name(std::string_view username) {
  auto r = c_.exec("users.by_name", std::string{username});
  if (r.empty())
    return std::nullopt;
  return user_credentials{{r[0][0].as<id_t>(), r[0][1].as<std::string>()}, text_of(r[0][2])};
}

std::vector<user_info> pg_user_repository::list(id_t except, std::string_view after_username,
                                                int limit) {
  std::vector<user_info> out;
  for (const auto& row : c_.exec("users.list", except, std::string{after_username},
                                 pg_limit(limit)))
    out.push_back({row[0].as<id_t>(), row[1].as<std::string>()});
  return out;
}

}  // namespace chat::persistence::postgres
