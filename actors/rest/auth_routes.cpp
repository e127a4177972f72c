// Register, login, logout and pseudo-auth. Passwords are hashed and checked on the detached
// hasher actors; only the hash of a token is ever stored.
#include "actors/store/rest_jobs.hpp"
#include "actors/rest/password_hasher.hpp"
#include "actors/rest/routes.hpp"
#include "persistence/credentials.hpp"

namespace chat::rest {

namespace {

json session_json(const session_result& s, bool online) {
  return {{"user", user_json(s.user, online)}, {"token", s.token}};
}

/// Answers {user, token} with the user's online flag (they may have sockets already).
void answer_session(const flow& f, const exchange& ex, unsigned status, session_result s) {
  auto id = s.user.id;
  with_online(f, ex, {id}, [ex, status, s = std::move(s), id](const std::unordered_set<id_t>& online) {
    ex.json_body(status, session_json(s, online.contains(id)));
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
  ask<std::string>(
    f, ex, f.ctx->hasher(),
    [f, ex, name](std::string& hash) {
      ask<session_result>(
        f, ex, f.ctx->store,
        [ex](session_result& s) { ex.json_body(201, session_json(s, false)); },
        register_job(name, std::move(hash), persistence::new_token()));
    },
    pw_hash_atom::value, std::move(password));
}

void post_login(const flow& f, const exchange& ex, const http::request& req) {
  auto body = parse_object(req.body());
  auto name = string_field(body, "username");
  auto password = string_field(body, "password");
  if (name.empty() || password.empty())
    throw chat_error(chat_errc::bad_request, "username and password must not be empty");
  ask<credentials_result>(
    f, ex, f.ctx->readers,
    [f, ex, password](credentials_result& found) {
      // An unknown user still pays for one verification (empty hash): no timing oracle.
      auto hash = found.credentials ? found.credentials->password_hash : std::string{};
      auto user = found.credentials ? found.credentials->user : user_info{};
      ask<bool>(
        f, ex, f.ctx->hasher(),
        [f, ex, user](bool ok) {
          if (!ok) {
            ex.fail(chat_errc::unauthorized, "wrong username or password");
            return;
          }
          ask<session_result>(
            f, ex, f.ctx->store,
            [f, ex](session_result& s) { answer_session(f, ex, 200, std::move(s)); },
            token_job(user, persistence::new_token()));
        },
        pw_check_atom::value, password, std::move(hash));
    },
    credentials_job(name));
}

void post_logout(const flow& f, const exchange& ex, const http::request& req) {
  auto hash = bearer_hash(req);
  ask<bool>(
    f, ex, f.ctx->store,
    [f, ex, hash](bool removed) {
      if (!removed) {
        ex.fail(chat_errc::unauthorized, "invalid or expired token");
        return;
      }
      // The token is gone from the database; now its open sockets go too.
      if (f.ctx->presence)
        caf::anon_send(f.ctx->presence, logout_atom::value, hash);
      ex.no_content();
    },
    logout_job(hash));
}

void post_pseudo_login(const flow& f, const exchange& ex, const http::request& req) {
  if (!f.ctx->options.pseudo_auth)
    throw chat_error(chat_errc::forbidden,
                     "pseudo-auth is disabled: use /api/auth/register or /api/auth/login");
  auto body = parse_object(req.body());
  auto name = string_field(body, "username");
  check_username(name);
  ask<session_result>(
    f, ex, f.ctx->store,
    [f, ex](session_result& s) { answer_session(f, ex, 200, std::move(s)); },
    pseudo_login_job(name, persistence::new_token()));
}

}  // namespace chat::rest
