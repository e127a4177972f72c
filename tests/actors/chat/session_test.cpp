// The session: authentication at connect, bad input answered without losing the socket, the
// rate limit, rooms created over the socket, logout, and idle rooms that retire and return.
#include "chat_env.hpp"

using namespace chat;
using test::chat_env;
using test::code_of;

TEST_SUITE("session") {

TEST_CASE("a missing or unknown token is refused with unauthorized and gets no session") {
  chat_env env;
  env.user("alice");
  for (json auth : {json::object(), json{{"token", 42}}, json{{"token", "not-a-token"}}}) {
    auto req = std::make_shared<test::fake_connect_request>(auth);
    env.chat->on_connect(req);
    CHECK(req->wait() == nullptr);
    REQUIRE(req->rejection());
    CHECK(*req->rejection() == json{{"message", "unauthorized"}});
  }
}

TEST_CASE("bad payloads get bad_request or payload_too_large acks and the socket keeps working") {
  chat_options opts;
  opts.max_body_chars = 5;
  chat_env env{opts};
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto room = env.group("r", alice.first, {bob.first});
  auto c = env.connect(alice.second);

  CHECK(code_of(c.call("message:send", "just text")) == "bad_request");
  CHECK(code_of(c.call("message:send", {{"roomId", room}})) == "bad_request");
  CHECK(code_of(c.call("message:send", {{"roomId", room}, {"body", "\xFF\xFE"}})) == "bad_request");
  CHECK(code_of(c.call("message:send", {{"roomId", room}, {"body", "toolong"}}))
        == "payload_too_large");
  CHECK(code_of(c.call("no:such:event", json::object())) == "bad_request");
  CHECK(code_of(c.call("messages:history", {{"roomId", room}, {"limit", 500}})) == "bad_request");
  c.cast("message:send", {{"roomId", "nope"}});  // no ack asked: nothing to answer

  auto ok = c.call("message:send", {{"roomId", room}, {"body", "héllo"}});  // 5 characters
  CHECK(ok["ok"] == true);
  CHECK(ok["message"]["seq"] == 1);
}

TEST_CASE("a parent from another room is refused; a reply in the same room is stored") {
  chat_env env;
  auto alice = env.user("alice");
  auto r1 = env.group("one", alice.first, {});
  auto r2 = env.group("two", alice.first, {});
  auto c = env.connect(alice.second);
  auto first = c.call("message:send", {{"roomId", r1}, {"body", "root"}});
  auto parent = first["message"]["id"];
  CHECK(code_of(c.call("message:send", {{"roomId", r2}, {"body", "x"}, {"parentId", parent}}))
        == "bad_request");
  auto reply = c.call("message:send", {{"roomId", r1}, {"body", "re"}, {"parentId", parent}});
  CHECK(reply["message"]["parentId"] == parent);
}

TEST_CASE("a socket over its send rate gets rate_limited acks") {
  chat_options opts;
  opts.rate_per_second = 0.001;
  opts.rate_burst = 3;
  chat_env env{opts};
  auto alice = env.user("alice");
  auto c = env.connect(alice.second);
  for (int i = 0; i < 3; ++i)
    CHECK(c.call("presence:watch", {{"userIds", json::array()}})["ok"] == true);
  CHECK(code_of(c.call("presence:watch", {{"userIds", json::array()}})) == "rate_limited");
}

TEST_CASE("a client hears it is connected only once its rooms have it as subscriber") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto one = env.group("one", alice.first, {bob.first});
  auto two = env.group("two", alice.first, {bob.first});
  auto b = env.connect(bob.second);  // returns at the CONNECT answer
  // No waiting: a message alice sends right after bob's "connect" must reach him.
  CHECK(env.subscribers(one) == std::vector<chat::id_t>{bob.first});
  CHECK(env.subscribers(two) == std::vector<chat::id_t>{bob.first});
}

TEST_CASE("alice creates a group with bob: both get room:new, then chat in it") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a = env.connect(alice.second);
  auto b = env.connect(bob.second);
  auto created = a.call("room:create", {{"name", "plans"}, {"memberIds", {bob.first}}});
  REQUIRE(created["ok"] == true);
  CHECK(created["room"]["kind"] == "group");
  CHECK(created["room"]["members"].size() == 2);
  auto room = created["room"]["id"].get<chat::id_t>();
  auto at_bob = b.socket->wait_for("room:new");
  REQUIRE(at_bob);
  CHECK(at_bob->payload["room"]["id"] == room);
  REQUIRE(a.socket->wait_for("room:new"));
  REQUIRE(env.await_subscribers(room, {alice.first, bob.first}));
  a.call("message:send", {{"roomId", room}, {"body", "hi bob"}});
  auto msg = b.socket->wait_for("message:new");
  REQUIRE(msg);
  CHECK(msg->payload["message"]["body"] == "hi bob");

  CHECK(code_of(a.call("room:create", {{"name", "x"}, {"memberIds", {987654}}})) == "not_found");
}

TEST_CASE("room:direct: created once (room:new once), never with yourself") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a = env.connect(alice.second);
  auto b = env.connect(bob.second);
  CHECK(code_of(a.call("room:direct", {{"userId", alice.first}})) == "bad_request");
  CHECK(code_of(a.call("room:direct", {{"userId", 987654}})) == "not_found");
  auto first = a.call("room:direct", {{"userId", bob.first}});
  REQUIRE(first["ok"] == true);
  CHECK(first["room"]["kind"] == "direct");
  CHECK(first["room"]["name"].is_null());
  auto again = b.call("room:direct", {{"userId", alice.first}});
  CHECK(again["room"]["id"] == first["room"]["id"]);
  REQUIRE(b.socket->wait_for("room:new"));
  // A later event as a fence: a second room:new would have come before it.
  auto room = first["room"]["id"].get<chat::id_t>();
  REQUIRE(env.await_subscribers(room, {alice.first, bob.first}));
  a.call("message:send", {{"roomId", room}, {"body", "fence"}});
  REQUIRE(b.socket->wait_for("message:new"));
  CHECK(b.socket->all("room:new").size() == 1);
}

TEST_CASE("room:add brings carol in (room:new); room:leave takes bob out; direct rooms refuse "
          "both") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto carol = env.user("carol");
  auto room = env.group("club", alice.first, {bob.first});
  auto a = env.connect(alice.second);
  auto b = env.connect(bob.second);
  auto c = env.connect(carol.second);
  REQUIRE(env.await_subscribers(room, {alice.first, bob.first}));

  auto added = a.call("room:add", {{"roomId", room}, {"userIds", {carol.first}}});
  REQUIRE(added["ok"] == true);
  CHECK(added["room"]["members"].size() == 3);
  REQUIRE(c.socket->wait_for("room:new"));
  REQUIRE(env.await_subscribers(room, {alice.first, bob.first, carol.first}));

  CHECK(b.call("room:leave", {{"roomId", room}})["ok"] == true);
  REQUIRE(env.await_subscribers(room, {alice.first, carol.first}));
  CHECK(code_of(b.call("message:send", {{"roomId", room}, {"body", "x"}})) == "forbidden");
  a.call("message:send", {{"roomId", room}, {"body", "without bob"}});
  REQUIRE(c.socket->wait_for("message:new"));

  auto direct = a.call("room:direct", {{"userId", bob.first}})["room"]["id"].get<chat::id_t>();
  CHECK(code_of(a.call("room:leave", {{"roomId", direct}})) == "bad_request");
  CHECK(code_of(a.call("room:add", {{"roomId", direct}, {"userIds", {carol.first}}}))
        == "bad_request");
}

TEST_CASE("logout closes every socket opened with that token, and only those") {
  chat_env env;
  auto alice = env.user("alice");
  auto a1 = env.connect(alice.second);
  auto a2 = env.connect(alice.second);
  auto other_token = env.user("alice2");
  auto a3 = env.connect(other_token.second);
  // Wait until both sessions registered (alice is online once they have).
  auto deadline = std::chrono::steady_clock::now() + test::timeout;
  while (env.online({alice.first}).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  caf::anon_send(env.chat->presence_registry(), logout_atom_v,
                 persistence::token_hash(alice.second));
  CHECK(a1.socket->wait_server_disconnect());
  CHECK(a2.socket->wait_server_disconnect());
  CHECK_FALSE(a3.socket->wait_server_disconnect(std::chrono::milliseconds(100)));
}

TEST_CASE("an idle room retires and comes back with its seq intact") {
  chat_options opts;
  opts.room_idle_timeout = std::chrono::milliseconds(20);
  chat_env env{opts};
  auto alice = env.user("alice");
  auto room = env.group("quiet", alice.first, {});
  {
    auto a = env.connect(alice.second);
    REQUIRE(env.await_subscribers(room, {alice.first}));
    CHECK(a.call("message:send", {{"roomId", room}, {"body", "one"}})["message"]["seq"] == 1);
    a.socket->client_disconnect();
  }
  // Many unsubscribed requests race with the idle timer; every one is answered.
  auto b = env.connect(alice.second);
  for (int i = 0; i < 30; ++i) {
    auto page = b.call("messages:history", {{"roomId", room}});
    REQUIRE(page["ok"] == true);
    CHECK(page["messages"].size() >= 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(env.await_subscribers(room, {alice.first}));
  CHECK(b.call("message:send", {{"roomId", room}, {"body", "two"}})["message"]["seq"] == 2);
}

}
