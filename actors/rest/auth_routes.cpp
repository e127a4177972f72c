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

/// One more sign-in attempt from the client's address and for `name`; past either rate, 429
/// with Retry-After, before anything is queued. The address is counted first, so a client
/// refused for its address does not use up the username's attempts.
void count_attempt(const flow& f, const exchange& ex, const http::request& req,
                   const std::string& name) {
  auto now = auth_throttle::clock::now();
  auto key = client_key(ex.peer(), req["X-Forwarded-For"]);
  if (auto wait = key ? f.ctx->by_address->take(*key, now) : std::nullopt)
    throw retry_later(chat_errc::rate_limited,
                      "too many sign-in attempts from this address: retry later", *wait);
  if (auto wait = f.ctx->by_username->take(name, now))
    throw retry_later(chat_errc::rate_limited,
                      "too many sign-in attempts for this username: retry later", *wait);
}

/// A place among the password jobs queued or running on the hashers, held by the continuation
/// of the hasher request: freed once the hasher answered or the request failed.
class password_job_slot {
 public:
  explicit password_job_slot(std::shared_ptr<rest_context> ctx) : ctx_(std::move(ctx)) {}
  ~password_job_slot() { ctx_->password_jobs.fetch_sub(1, std::memory_order_relaxed); }
  password_job_slot(const password_job_slot&) = delete;
  password_job_slot& operator=(const password_job_slot&) = delete;

 private:
  std::shared_ptr<rest_context> ctx_;
};

/// Takes a password job slot; when all are taken, 503 overloaded with Retry-After: the
/// hashers' queue stays bounded, so every sign-in that is accepted is answered promptly.
std::shared_ptr<password_job_slot> take_password_job(const flow& f) {
  auto& jobs = f.ctx->password_jobs;
  if (jobs.fetch_add(1, std::memory_order_relaxed) >= f.ctx->options.max_password_jobs) {
    jobs.fetch_sub(1, std::memory_order_relaxed);
    throw retry_later(chat_errc::overloaded, "too many sign-ins at once: retry shortly",
                      std::chrono::seconds{1});
  }
  return std::make_shared<password_job_slot>(f.ctx);
}

/// The hasher skips a job whose client has hung up or whose call already failed.
still_wanted while_waiting(const exchange& ex) {
  return [ex] { return ex.waiting(); };
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
  count_attempt(f, ex, req, name);
  ask(
    f, ex, f.ctx->hasher(),
    [f, ex, name, slot = take_password_job(f)](std::string& hash) {
      auto token = persistence::new_token();
      ask(
        f, ex, f.ctx->store,
        [ex, token](user_info& user) { ex.json_body(201, session_json(user, token, false)); },
        register_atom_v, name, std::move(hash), persistence::token_hash(token));
    },
    pw_hash_atom_v, std::move(password), while_waiting(ex));
}

void post_login(const flow& f, const exchange& ex, const http::request& req) {
  auto body = parse_object(req.body());
  auto name = string_field(body, "username");
  auto password = string_field(body, "password");
  if (name.empty() || password.empty())
    throw chat_error(chat_errc::bad_request, "username and password must not be empty");
  count_attempt(f, ex, req, name);
  ask(
    f, ex, f.ctx->readers,
    [f, ex, password](bool found, user_info& user, std::string& hash) {
      // An unknown user still pays for one verification (empty hash): no timing oracle.
      if (!found)
        hash.clear();
      ask(
        f, ex, f.ctx->hasher(),
        [f, ex, user, slot = take_password_job(f)](bool ok) {
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
        pw_check_atom_v, password, std::move(hash), while_waiting(ex));
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
  count_attempt(f, ex, req, name);
  auto token = persistence::new_token();
  ask(
    f, ex, f.ctx->store,
    [f, ex, token](user_info& user) { answer_session(f, ex, 200, std::move(user), token); },
    pseudo_login_atom_v, name, persistence::token_hash(token));
}

}  // namespace chat::rest
