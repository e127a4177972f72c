// The session: authentication at connect, bad input answered without losing the socket, the
// rate limit on the actor clock, connect only once subscribed, rooms created over the socket,
// logout.
#include "chat_env.hpp"

#include "actors/chat/presence_registry.hpp"

using namespace chat;
using test::chat_env;
using test::code_of;

namespace {

using ids = std::vector<chat::id_t>;

}  // namespace

TEST_SUITE("session") {

TEST_CASE("a missing or unknown token is refused with unauthorized and gets no session") {
  chat_env env;
  env.user("alice");
  for (json auth : {json::object(), json{{"token", 42}}, json{{"token", "not-a-token"}}}) {
    auto req = std::make_shared<test::fake_connect_request>(auth);
    env.chat->on_connect(req);
    env.run();
    CHECK(req->socket() == nullptr);
    REQUIRE(req->rejection());
    CHECK(*req->rejection() == json{{"message", "unauthorized"}});
  }
  CHECK(test::state_of<presence_registry_state>(env.chat->presence_registry()).sessions.empty());
}

TEST_CASE("bad payloads get bad_request or payload_too_large acks and the socket keeps working") {
  chat_options opts;
  opts.max_body_chars = 5;
  chat_env env{opts};
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto room = env.group("r", alice.id, {bob.id});
  auto c = env.connect(alice.token);

  CHECK(code_of(c.call("message:send", "just text")) == "bad_request");
  CHECK(code_of(c.call("message:send", {{"roomId", room}})) == "bad_request");
  CHECK(code_of(c.call("message:send", {{"roomId", room}, {"body", "\xFF\xFE"}})) == "bad_request");
  CHECK(code_of(c.call("message:send", {{"roomId", room}, {"body", "toolong"}}))
        == "payload_too_large");
  CHECK(code_of(c.call("no:such:event", json::object())) == "bad_request");
  CHECK(code_of(c.call("messages:history", {{"roomId", room}, {"limit", 500}})) == "bad_request");
  c.cast("message:send", {{"roomId", "nope"}});  // no ack asked: nothing to answer
  env.run();
  CHECK(env.db.commits() == 0);

  auto ok = c.call("message:send", {{"roomId", room}, {"body", "héllo"}});  // 5 characters
  CHECK(ok["ok"] == true);
  CHECK(ok["message"]["seq"] == 1);
}

TEST_CASE("a parent from another room is refused; a reply in the same room is stored") {
  chat_env env;
  auto alice = env.user("alice");
  auto r1 = env.group("one", alice.id, {});
  auto r2 = env.group("two", alice.id, {});
  auto c = env.connect(alice.token);
  auto first = c.call("message:send", {{"roomId", r1}, {"body", "root"}});
  auto parent = first["message"]["id"];
  CHECK(code_of(c.call("message:send", {{"roomId", r2}, {"body", "x"}, {"parentId", parent}}))
        == "bad_request");
  auto reply = c.call("message:send", {{"roomId", r1}, {"body", "re"}, {"parentId", parent}});
  CHECK(reply["message"]["parentId"] == parent);
}

TEST_CASE("a socket over its send rate gets rate_limited acks until time refills its bucket") {
  chat_options opts;
  opts.rate_per_second = 1;
  opts.rate_burst = 3;
  chat_env env{opts};
  auto alice = env.user("alice");
  auto c = env.connect(alice.token);
  auto watch = [&] { return c.call("presence:watch", {{"userIds", json::array()}}); };
  for (int i = 0; i < 3; ++i)
    CHECK(watch()["ok"] == true);
  CHECK(code_of(watch()) == "rate_limited");
  env.advance(std::chrono::milliseconds(999));
  CHECK(code_of(watch()) == "rate_limited");
  env.advance(std::chrono::seconds(1));  // 1.999 tokens: one event passes
  CHECK(watch()["ok"] == true);
  CHECK(code_of(watch()) == "rate_limited");
}

TEST_CASE("a client hears it is connected only once its rooms have it as subscriber") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto one = env.group("one", alice.id, {bob.id});
  auto two = env.group("two", alice.id, {bob.id});
  auto req = env.knock(bob.token);
  // Step by step up to the CONNECT answer, and look at the rooms right then: a message alice
  // sends once bob's client saw "connect" must reach him.
  REQUIRE(env.run_until([&] { return req->socket() != nullptr; }));
  CHECK(env.subscribers_now(one) == ids{bob.id});
  CHECK(env.subscribers_now(two) == ids{bob.id});
}

TEST_CASE("alice creates a group with bob: both get room:new, then chat in it") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a = env.connect(alice.token);
  auto b = env.connect(bob.token);
  auto created = a.call("room:create", {{"name", "plans"}, {"memberIds", {bob.id}}});
  REQUIRE(created["ok"] == true);
  CHECK(created["room"]["kind"] == "group");
  CHECK(created["room"]["members"].size() == 2);
  auto room = created["room"]["id"].get<chat::id_t>();
  for (auto* c : {&a, &b}) {
    auto told = c->socket->all("room:new");
    REQUIRE(told.size() == 1);
    CHECK(told[0].payload["room"]["id"] == room);
  }
  CHECK(env.subscribers(room) == ids{alice.id, bob.id});
  a.call("message:send", {{"roomId", room}, {"body", "hi bob"}});
  auto msg = b.socket->all("message:new");
  REQUIRE(msg.size() == 1);
  CHECK(msg[0].payload["message"]["body"] == "hi bob");

  CHECK(code_of(a.call("room:create", {{"name", "x"}, {"memberIds", {987654}}})) == "not_found");
}

TEST_CASE("room:direct: created once (room:new once), never with yourself") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a = env.connect(alice.token);
  auto b = env.connect(bob.token);
  CHECK(code_of(a.call("room:direct", {{"userId", alice.id}})) == "bad_request");
  CHECK(code_of(a.call("room:direct", {{"userId", 987654}})) == "not_found");
  auto first = a.call("room:direct", {{"userId", bob.id}});
  REQUIRE(first["ok"] == true);
  CHECK(first["room"]["kind"] == "direct");
  CHECK(first["room"]["name"].is_null());
  auto again = b.call("room:direct", {{"userId", alice.id}});
  CHECK(again["room"]["id"] == first["room"]["id"]);
  auto room = first["room"]["id"].get<chat::id_t>();
  CHECK(env.subscribers(room) == ids{alice.id, bob.id});
  a.call("message:send", {{"roomId", room}, {"body", "hi"}});
  CHECK(b.socket->all("message:new").size() == 1);
  CHECK(b.socket->all("room:new").size() == 1);
  CHECK(a.socket->all("room:new").size() == 1);
}

TEST_CASE("room:add brings carol in (room:new); room:leave takes bob out; direct rooms refuse "
          "both") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto carol = env.user("carol");
  auto room = env.group("club", alice.id, {bob.id});
  auto a = env.connect(alice.token);
  auto b = env.connect(bob.token);
  auto c = env.connect(carol.token);

  auto added = a.call("room:add", {{"roomId", room}, {"userIds", {carol.id}}});
  REQUIRE(added["ok"] == true);
  CHECK(added["room"]["members"].size() == 3);
  CHECK(c.socket->all("room:new").size() == 1);
  CHECK(env.subscribers(room) == ids{alice.id, bob.id, carol.id});

  CHECK(b.call("room:leave", {{"roomId", room}})["ok"] == true);
  CHECK(env.subscribers(room) == ids{alice.id, carol.id});
  CHECK(code_of(b.call("message:send", {{"roomId", room}, {"body", "x"}})) == "forbidden");
  a.call("message:send", {{"roomId", room}, {"body", "without bob"}});
  CHECK(c.socket->all("message:new").size() == 1);
  CHECK(b.socket->all("message:new").empty());

  auto direct = a.call("room:direct", {{"userId", bob.id}})["room"]["id"].get<chat::id_t>();
  CHECK(code_of(a.call("room:leave", {{"roomId", direct}})) == "bad_request");
  CHECK(code_of(a.call("room:add", {{"roomId", direct}, {"userIds", {carol.id}}}))
        == "bad_request");
}

TEST_CASE("logout closes every socket opened with that token, and only those") {
  chat_env env;
  auto alice = env.user("alice");
  auto a1 = env.connect(alice.token);
  auto a2 = env.connect(alice.token);
  auto other = env.user("alice2");
  auto a3 = env.connect(other.token);
  caf::anon_send(env.chat->presence_registry(), logout_atom_v,
                 persistence::token_hash(alice.token));
  env.run();
  CHECK(a1.socket->server_disconnected());
  CHECK(a2.socket->server_disconnected());
  CHECK_FALSE(a3.socket->server_disconnected());
  CHECK(env.online({alice.id, other.id}) == ids{other.id});
}

}
