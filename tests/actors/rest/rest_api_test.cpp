// rest_api with the real store and readers on a temp database, a fake presence registry and
// fake failing readers: the REST stories below the HTTP server, and that internals never leak.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <condition_variable>
#include <mutex>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "messages/caf_error.hpp"
#include "actors/store/reader_pool.hpp"
#include "actors/rest/auth_throttle.hpp"
#include "actors/rest/password_hasher.hpp"
#include "actors/rest/rest_api.hpp"
#include "actors/store/store_actor.hpp"
#include "common/log.hpp"
#include "messages/type_ids.hpp"
#include "messages/wire_json.hpp"
#include "persistence/credentials.hpp"
#include "persistence/sqlite/sqlite_unit_of_work.hpp"

using namespace chat;
namespace bhttp = boost::beast::http;

namespace {

struct rest_config : caf::actor_system_config {
  rest_config() { add_message_types<caf::id_block::chat>(); }
};

/// Presence as seen by REST: everyone is online; logouts are written down.
struct presence_log {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> logouts;

  /// The logout kick is fire-and-forget, so it may land just after the 204: wait for it.
  bool await_logouts(std::size_t n) {
    std::unique_lock lock{mutex};
    return changed.wait_for(lock, std::chrono::seconds(10), [&] { return logouts.size() >= n; });
  }
};

caf::behavior fake_presence(caf::event_based_actor*, std::shared_ptr<presence_log> seen) {
  return {
    [](online_atom, const std::vector<chat::id_t>& users) { return users; },
    [seen](logout_atom, const std::string& hash) {
      std::lock_guard guard{seen->mutex};
      seen->logouts.push_back(hash);
      seen->changed.notify_all();
    },
  };
}

/// A reader pool that fails every read with `err` (untyped: it answers anything).
caf::behavior failing_readers(caf::event_based_actor* self, caf::error err) {
  self->set_default_handler(
    [err](caf::scheduled_actor*, caf::message_view&) -> caf::result<caf::message> {
      return err;
    });
  return {[](caf::unit_t) {}};
}

struct answer {
  unsigned status = 0;
  std::string content_type;
  std::string text;
  json body;
  std::string retry_after;
};

struct rest_env {
  std::filesystem::path dir;
  rest_config cfg;
  caf::actor_system sys{cfg};
  store_actor store;
  reader_actor readers;
  std::shared_ptr<presence_log> presence_seen = std::make_shared<presence_log>();
  // The fakes implement only what REST asks of them, so they are untyped underneath.
  presence_registry_actor presence =
    caf::actor_cast<presence_registry_actor>(sys.spawn(fake_presence, presence_seen));
  metrics::registry metrics;
  std::unique_ptr<rest_api> api;

  /// `reader_failure`: the readers answer every job with this error instead of reading.
  explicit rest_env(bool pseudo, caf::error reader_failure = {},
                    std::function<void(rest_options&)> tune = {}) {
    chat::log::set_level(chat::log::level::warn);  // migrations are not news here
    char tmpl[] = "/tmp/rest-api-test-XXXXXX";
    dir = ::mkdtemp(tmpl);
    auto db = (dir / "chat.db").string();
    auto open = persistence::sqlite_opener(db);
    store = spawn_store(sys, open);
    readers = reader_failure
                ? caf::actor_cast<reader_actor>(sys.spawn(failing_readers, reader_failure))
                : spawn_readers(sys, open, 2);
    rest_options opts;
    opts.pseudo_auth = pseudo;
    opts.password_cost = persistence::minimal_password_cost();
    if (tune)
      tune(opts);
    api = std::make_unique<rest_api>(sys, store, readers, presence, opts, metrics);
  }

  ~rest_env() {
    api.reset();
    caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(readers, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(presence, caf::exit_reason::user_shutdown);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  answer call(bhttp::verb method, std::string target, std::string body = {},
              std::string token = {}) {
    return await(start(method, std::move(target), std::move(body), std::move(token)));
  }

  /// A call as it arrives from the client at `peer`, with an X-Forwarded-For when given.
  answer call_from(std::string_view peer, bhttp::verb method, std::string target,
                   std::string body, std::string forwarded_for = {}) {
    http::request req{method, target, 11};
    if (!forwarded_for.empty())
      req.set("X-Forwarded-For", forwarded_for);
    req.body() = std::move(body);
    auto done = std::make_shared<std::promise<http::response>>();
    auto future = done->get_future();
    api->handle(std::move(req),
                http::responder{[done](http::response r) { done->set_value(std::move(r)); },
                                boost::asio::ip::make_address(peer)});
    return await(std::move(future));
  }

  /// Hands the call to the API and returns at once; await() gets the answer.
  std::future<http::response> start(bhttp::verb method, std::string target,
                                     std::string body = {}, std::string token = {}) {
    http::request req{method, target, 11};
    if (!token.empty())
      req.set(bhttp::field::authorization, "Bearer " + token);
    req.body() = std::move(body);
    auto done = std::make_shared<std::promise<http::response>>();
    auto future = done->get_future();
    api->handle(std::move(req), http::responder{[done](http::response r) { done->set_value(std::move(r)); }});
    return future;
  }

  static answer await(std::future<http::response> future) {
    REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto res = future.get();
    answer a{res.result_int(), std::string{res[bhttp::field::content_type]}, res.body(), {}};
    a.retry_after = std::string{res[bhttp::field::retry_after]};
    if (a.content_type.starts_with("application/json"))
      a.body = json::parse(a.text);
    return a;
  }
};

}  // namespace

TEST_CASE("alice registers, is herself at /api/me, logs in again, logs out everywhere") {
  rest_env env{false};
  auto reg = env.call(bhttp::verb::post, "/api/auth/register", R"({"username":"alice","password":"pw"})");
  REQUIRE(reg.status == 201);
  auto token = reg.body["token"].get<std::string>();
  CHECK(reg.body["user"]["username"] == "alice");

  auto me = env.call(bhttp::verb::get, "/api/me", {}, token);
  CHECK(me.status == 200);
  CHECK(me.body["user"]["online"] == true);  // the fake registry says everyone is online

  CHECK(env.call(bhttp::verb::post, "/api/auth/register", R"({"username":"alice","password":"x"})").status == 409);
  CHECK(env.call(bhttp::verb::post, "/api/auth/login", R"({"username":"alice","password":"nope"})").status == 401);
  auto login = env.call(bhttp::verb::post, "/api/auth/login", R"({"username":"alice","password":"pw"})");
  CHECK(login.status == 200);

  CHECK(env.call(bhttp::verb::post, "/api/auth/logout", {}, token).status == 204);
  REQUIRE(env.presence_seen->await_logouts(1));
  {
    std::lock_guard guard{env.presence_seen->mutex};
    REQUIRE(env.presence_seen->logouts.size() == 1);
    CHECK(env.presence_seen->logouts[0] == persistence::token_hash(token));
  }
  CHECK(env.call(bhttp::verb::get, "/api/me", {}, token).status == 401);
  CHECK(env.call(bhttp::verb::get, "/api/me", {}, login.body["token"].get<std::string>()).status == 200);
}

TEST_CASE("pseudo-auth: 403 unless enabled, then get-or-create by name") {
  rest_env strict{false};
  auto refused = strict.call(bhttp::verb::post, "/api/users", R"({"username":"bob"})");
  CHECK(refused.status == 403);
  CHECK(refused.body["error"]["code"] == "forbidden");

  rest_env pseudo{true};
  auto first = pseudo.call(bhttp::verb::post, "/api/users", R"({"username":"bob"})");
  auto again = pseudo.call(bhttp::verb::post, "/api/users", R"({"username":"bob"})");
  CHECK(first.status == 200);
  CHECK(again.body["user"]["id"] == first.body["user"]["id"]);
}

TEST_CASE("healthz and metrics are answered in place, before handle() returns") {
  rest_env env{false};
  env.api->observe(http::request{bhttp::verb::get, "/healthz", 11}, 200);
  bool answered = false;
  http::response got;
  env.api->handle(http::request{bhttp::verb::get, "/metrics", 11},
                  http::responder{[&](http::response r) { answered = true; got = std::move(r); }});
  REQUIRE(answered);
  CHECK(got[bhttp::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(got.body().find("http_requests_total{route=\"/healthz\",status=\"200\"} 1\n") != std::string::npos);
  auto health = env.call(bhttp::verb::get, "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == json{{"status", "ok"}});
}

TEST_CASE("errors keep the contract shape; internal failures never leak their details") {
  rest_env env{false};
  auto bad_json = env.call(bhttp::verb::post, "/api/auth/register", "{\"username\":");
  CHECK(bad_json.status == 400);
  CHECK(bad_json.body["error"]["code"] == "bad_request");
  auto none = env.call(bhttp::verb::get, "/api/nope");
  CHECK(none.status == 404);
  CHECK(none.body["error"]["code"] == "not_found");

  rest_env broken{false, caf::error{caf::sec::runtime_error}};
  auto res = broken.call(bhttp::verb::get, "/api/me", {}, "some-token");
  CHECK(res.status == 500);
  CHECK(res.body == error_body(chat_errc::internal, "internal error"));

  rest_env refusing{false, make_caf_error(chat_errc::forbidden, "not yours")};
  auto forbidden = refusing.call(bhttp::verb::get, "/api/rooms/1/messages", {}, "some-token");
  CHECK(forbidden.status == 403);
  CHECK(forbidden.body == error_body(chat_errc::forbidden, "not yours"));
}

TEST_CASE("sign-in attempts are throttled per username: alice's 11th attempt within a minute is "
          "429 with Retry-After, before any hashing, while bob signs in as usual") {
  rest_env env{false};
  CHECK(env.call(bhttp::verb::post, "/api/auth/register", R"({"username":"alice","password":"pw"})")
          .status == 201);
  for (int i = 0; i < 9; ++i)
    CHECK(env.call(bhttp::verb::post, "/api/auth/login", R"({"username":"alice","password":"guess"})")
            .status == 401);
  auto refused =
    env.call(bhttp::verb::post, "/api/auth/login", R"({"username":"alice","password":"pw"})");
  CHECK(refused.status == 429);
  CHECK(refused.body["error"]["code"] == "rate_limited");
  REQUIRE_FALSE(refused.retry_after.empty());
  CHECK(std::stoi(refused.retry_after) >= 1);
  CHECK(env.call(bhttp::verb::post, "/api/auth/register", R"({"username":"bob","password":"pw"})")
          .status == 201);
  CHECK(env.call(bhttp::verb::post, "/api/auth/login", R"({"username":"bob","password":"pw"})")
          .status == 200);
}

TEST_CASE("sign-in attempts are throttled per address: a host registering many names is refused "
          "after 30 at once, while another host, and a local tool, carry on") {
  rest_env env{false};
  auto register_as = [&](std::string_view peer, const std::string& name,
                         std::string forwarded_for = {}) {
    return env.call_from(peer, bhttp::verb::post, "/api/auth/register",
                         R"({"username":")" + name + R"(","password":"pw"})", forwarded_for);
  };
  for (int i = 0; i < 30; ++i)
    REQUIRE(register_as("198.51.100.7", "sprayer" + std::to_string(i)).status == 201);
  auto refused = register_as("198.51.100.7", "sprayer30");
  CHECK(refused.status == 429);
  CHECK(refused.body["error"]["code"] == "rate_limited");
  CHECK(refused.body["error"]["message"].get<std::string>().find("address") != std::string::npos);
  CHECK(std::stoi(refused.retry_after) >= 1);
  // The refusal spent none of the username's attempts: carol may still register as sprayer30.
  CHECK(register_as("203.0.113.9", "sprayer30").status == 201);
  // IPv6: one host holds its /64, so rotating the low bits does not help.
  for (int i = 0; i < 30; ++i)
    REQUIRE(register_as("2001:db8:1:2::" + std::to_string(i + 1), "six" + std::to_string(i)).status == 201);
  CHECK(register_as("2001:db8:1:2:ffff::1", "six30").status == 429);
  CHECK(register_as("2001:db8:1:3::1", "six30").status == 201);
  // Loopback is a local proxy: counted by the client it forwards for, otherwise not at all.
  for (int i = 0; i < 40; ++i)
    REQUIRE(register_as("127.0.0.1", "local" + std::to_string(i)).status == 201);
  CHECK(register_as("127.0.0.1", "proxied", "10.9.9.9, 198.51.100.7").status == 429);
  CHECK(register_as("::1", "proxied", "192.0.2.44").status == 201);
}

TEST_CASE("address keys: IPv4 as is, IPv4-mapped as IPv4, IPv6 by its /64; loopback by its "
          "forwarded client or none") {
  using boost::asio::ip::make_address;
  CHECK(rest::address_key(make_address("192.0.2.1")) == "192.0.2.1");
  CHECK(rest::address_key(make_address("::ffff:192.0.2.1")) == "192.0.2.1");
  CHECK(rest::address_key(make_address("2001:db8:a:b:1:2:3:4")) == "2001:db8:a:b::/64");
  CHECK(rest::client_key(make_address("192.0.2.1"), "10.0.0.1") == "192.0.2.1");
  CHECK(rest::client_key(make_address("127.0.0.1"), "") == std::nullopt);
  CHECK(rest::client_key(make_address("127.0.0.1"), "10.0.0.1 , 192.0.2.5 ") == "192.0.2.5");
  CHECK(rest::client_key(make_address("::1"), "not an address") == "unparsed");
  CHECK(rest::client_key({}, "192.0.2.5") == std::nullopt);
}

TEST_CASE("the password hashers' queue is bounded: a burst of logins beyond it is answered 503 "
          "overloaded with Retry-After at once, and every other one is answered normally") {
  rest_env env{false, {}, [](rest_options& o) {
                 o.password_cost = persistence::password_cost{};  // real cost: jobs take a while
                 o.hashers = 1;
                 o.max_password_jobs = 2;
                 o.auth_per_minute = 1000;
                 o.auth_burst = 1000;
               }};
  REQUIRE(env.call(bhttp::verb::post, "/api/auth/register", R"({"username":"alice","password":"pw"})")
            .status == 201);
  std::vector<std::future<http::response>> calls;
  for (int i = 0; i < 12; ++i)
    calls.push_back(
      env.start(bhttp::verb::post, "/api/auth/login", R"({"username":"alice","password":"pw"})"));
  int ok = 0, overloaded = 0;
  for (auto& c : calls) {
    auto a = rest_env::await(std::move(c));
    if (a.status == 200) {
      ++ok;
    } else {
      CHECK(a.status == 503);
      CHECK(a.body["error"]["code"] == "overloaded");
      CHECK(a.retry_after == "1");
      ++overloaded;
    }
  }
  CHECK(ok >= 2);
  CHECK(overloaded >= 1);
  CHECK(ok + overloaded == 12);
}

TEST_CASE("a password job nobody waits for any more is skipped by the hasher") {
  rest_config cfg;
  caf::actor_system sys{cfg};
  auto hashers = rest::spawn_password_hashers(sys, 1, persistence::minimal_password_cost());
  caf::scoped_actor self{sys};
  bool asked = false;
  self->request(hashers[0], std::chrono::seconds(10), pw_check_atom_v, std::string{"pw"},
                std::string{}, rest::still_wanted{[&] { asked = true; return false; }})
    .receive([](bool) { FAIL("an abandoned job must not run"); },
             [](caf::error& e) { CHECK(errc_of(e) == chat_errc::overloaded); });
  CHECK(asked);
  self->request(hashers[0], std::chrono::seconds(10), pw_hash_atom_v, std::string{"pw"},
                rest::still_wanted{[] { return true; }})
    .receive([](std::string& hash) { CHECK_FALSE(hash.empty()); },
             [](caf::error& e) { FAIL(message_of(e)); });
  for (auto& h : hashers)
    self->send_exit(h, caf::exit_reason::user_shutdown);
}
