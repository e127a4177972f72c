// The database work of each REST call, as jobs for the store (writes) and the reader pool
// (reads). Every authenticated job resolves the token first, in the same job: one round trip.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/store/persistence_jobs.hpp"
#include "messages/domain.hpp"

namespace chat::rest {

/// A user and a fresh bearer token (register, login, pseudo-auth).
struct session_result {
  user_info user;
  std::string token;
};

/// Users and the cursor of the next page (empty: none). GET /api/me answers one user.
struct user_page {
  std::vector<user_info> users;
  std::string next_cursor;
};

/// The stored credential of a username, if there is such a user.
struct credentials_result {
  std::optional<persistence::user_credentials> credentials;
};

/// The user of a token hash; throws chat_error(unauthorized) for an unknown token.
user_info authenticate(persistence::repositories& repos, const std::string& token_hash);

/// -> user_page with the caller
read_job me_job(std::string token_hash);
/// -> user_page: everyone but the caller after `after` (a username), by username
read_job users_job(std::string token_hash, std::string after, int limit);
/// -> std::string: the JSON body {rooms, nextCursor}
read_job rooms_job(std::string token_hash, std::string after, int limit);
/// -> std::string: the JSON body {messages, nextBefore}; forbidden for non-members
read_job messages_job(std::string token_hash, id_t room_id, std::int64_t before, int limit);
/// -> credentials_result
read_job credentials_job(std::string username);

/// -> session_result; conflict when the name is taken
write_job register_job(std::string username, std::string password_hash, std::string token);
/// -> session_result: get-or-create by name, no password
write_job pseudo_login_job(std::string username, std::string token);
/// -> session_result: stores a new token for a user whose password was checked
write_job token_job(user_info user, std::string token);
/// -> bool: whether the token existed (and is now gone)
write_job logout_job(std::string token_hash);

}  // namespace chat::rest

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::rest::session_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::rest::user_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::rest::credentials_result)
