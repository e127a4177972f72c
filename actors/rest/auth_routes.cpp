// Register, login, logout and pseudo-auth. Passwords are hashed and checked on the detached
// hasher actors; only the hash of a token is ever stored.
#include "actors/rest/password_hasher.hpp"
#include "actors/rest/routes.hpp"
#include "persistence/credentials.hpp"

namespace chat::rest {

namespace {

json session_json(const user_info& user, const std::string& token, bool online) {
  return {{"user", user_json(user, online)}, {"token", token}};
}

/// Answers {user, token} with the user's online flag (they may have sockets already).
void answer_session(const flow& f, const exchange& ex, unsigned status, user_info user,
                    std::string token) {
  auto id = user.id;
  with_online(f, ex, {id}, [ex, status, user = std::move(user), token = std::move(token),
                            id](const std::unordered_set<id_t>& online) {
    ex.json_body(status, session_json(user, token, online.contains(id)));
  });
}

}  // namespace

std::string bearer_hash(const http::request& req) {
  return persistence::token_hash(bearer_token(req[boost::beast::http::field::authorization]));
}

void post_register(const flow& f, const exchange& ex, const http::request& req) {
  auto body = parse_object(req.body());
  auto name = string_field(body, "username");
  check_username(name);
  auto password = string_field(body, "password");
  check_password(password);
  ask(
    f, ex, f.ctx->hasher(),
    [f, ex, name](std::string& hash) {
      auto token = persistence::new_token();
      ask(
        f, ex, f.ctx->store,
        [ex, token](user_info& user) { ex.json_body(201, session_json(user, token, false)); },
        register_atom_v, name, std::move(hash), persistence::token_hash(token));
    },
    pw_hash_atom_v, std::move(password));
}

void post_login(const flow& f, const exchange& ex, const http::request& req) {
  auto body = parse_object(req.body());
  auto name = string_field(body, "username");
  auto password = string_field(body, "password");
  if (name.empty() || password.empty())
    throw chat_error(chat_errc::bad_request, "username and password must not be empty");
  ask(
    f, ex, f.ctx->readers,
    [f, ex, password](bool found, user_info& user, std::string& hash) {
      // An unknown user still pays for one verification (empty hash): no timing oracle.
      if (!found)
        hash.clear();
      ask(
        f, ex, f.ctx->hasher(),
        [f, ex, user](bool ok) {
          if (!ok) {
            ex.fail(chat_errc::unauthorized, "wrong username or password");
            return;
          }
          auto token = persistence::new_token();
          ask(
            f, ex, f.ctx->store,
            [f, ex, user, token](bool) { answer_session(f, ex, 200, user, token); },
            add_token_atom_v, user.id, persistence::token_hash(token));
        },
        pw_check_atom_v, password, std::move(hash));
    },
    account_atom_v, name);
}

void post_logout(const flow& f, const exchange& ex, const http::request& req) {
  auto hash = bearer_hash(req);
  ask(
    f, ex, f.ctx->store,
    [f, ex, hash](bool removed) {
      if (!removed) {
        ex.fail(chat_errc::unauthorized, "invalid or expired token");
        return;
      }
      // The token is gone from the database; now its open sockets go too.
      if (f.ctx->presence)
        caf::anon_send(f.ctx->presence, logout_atom_v, hash);
      ex.no_content();
    },
    revoke_atom_v, hash);
}

void post_pseudo_login(const flow& f, const exchange& ex, const http::request& req) {
  if (!f.ctx->options.pseudo_auth)
    throw chat_error(chat_errc::forbidden,
                     "pseudo-auth is disabled: use /api/auth/register or /api/auth/login");
  auto body = parse_object(req.body());
  auto name = string_field(body, "username");
  check_username(name);
  auto token = persistence::new_token();
  ask(
    f, ex, f.ctx->store,
    [f, ex, token](user_info& user) { answer_session(f, ex, 200, std::move(user), token); },
    pseudo_login_atom_v, name, persistence::token_hash(token));
}

}  // namespace chat::rest
