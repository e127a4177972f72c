// New rooms and new members, raced many times: whoever learns of a room (the creator's ack, a
// member's room:new) can already reach every member's sessions, so the first message and the
// first presence change right after it are never lost.
#include "chat_env.hpp"

using namespace chat;
using test::chat_env;

namespace {

constexpr int rounds = 50;
/// Generous for one event on a busy machine; short enough that a lost event fails quickly.
constexpr auto quick = std::chrono::seconds(3);

/// Position in `log` of the first `event` whose payload has `key`.id / `key`.roomId == room.
std::optional<std::size_t> position(const std::vector<test::received>& log,
                                    const std::string& event, chat::id_t room) {
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i].event != event)
      continue;
    const auto& p = log[i].payload;
    if ((event == "room:new" && p["room"]["id"] == room)
        || (event == "message:new" && p["message"]["roomId"] == room))
      return i;
  }
  return std::nullopt;
}

/// `socket` got room:new for `room`, then (later) its first message:new.
void check_told_then_reached(test::fake_socket& socket, chat::id_t room) {
  auto msg = socket.wait_until(
    [room](const test::received& r) {
      return r.event == "message:new" && r.payload["message"]["roomId"] == room;
    },
    quick);
  REQUIRE_MESSAGE(msg, "message:new of room " << room << " never came");
  auto log = socket.all();
  auto told = position(log, "room:new", room);
  REQUIRE_MESSAGE(told, "room:new of room " << room << " never came");
  CHECK(*told < *position(log, "message:new", room));
}

}  // namespace

TEST_SUITE("membership") {

TEST_CASE("alice creates a room with bob and writes at once: bob and her other tab get room:new, "
          "then the message") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto lobby = env.group("lobby", alice.first, {bob.first});
  auto a1 = env.connect(alice.second);
  auto a2 = env.connect(alice.second);
  auto b = env.connect(bob.second);
  // Their rooms are loaded, so every session has registered with presence.
  REQUIRE(env.await_subscribers(lobby, {alice.first, alice.first, bob.first}));

  for (int i = 0; i < rounds; ++i) {
    auto created = a1.call("room:create", {{"name", "r" + std::to_string(i)},
                                           {"memberIds", {bob.first}}});
    REQUIRE(created["ok"] == true);
    auto room = created["room"]["id"].get<chat::id_t>();
    // Acked only once every member's session is subscribed (and was told, the creating
    // socket included).
    CHECK(env.subscribers(room) == std::vector<chat::id_t>{alice.first, alice.first, bob.first});
    CHECK(position(a1.socket->all(), "room:new", room));
    REQUIRE(a1.call("message:send", {{"roomId", room}, {"body", "first"}})["ok"] == true);
    check_told_then_reached(*b.socket, room);
    check_told_then_reached(*a2.socket, room);
  }
  CHECK(a1.socket->all("message:new").empty());  // its own messages come back as acks only
}

TEST_CASE("alice adds carol and writes at once: carol gets room:new, then the message") {
  chat_options opts;
  opts.rate_burst = 4 * rounds;  // three events a round, as fast as acks come
  chat_env env{opts};
  auto alice = env.user("alice");
  auto carol = env.user("carol");
  auto lobby = env.group("lobby", alice.first, {carol.first});
  auto a = env.connect(alice.second);
  auto c = env.connect(carol.second);
  REQUIRE(env.await_subscribers(lobby, {alice.first, carol.first}));

  for (int i = 0; i < rounds; ++i) {
    auto created = a.call("room:create", {{"name", "g" + std::to_string(i)},
                                          {"memberIds", json::array()}});
    REQUIRE(created["ok"] == true);
    auto room = created["room"]["id"].get<chat::id_t>();
    auto added = a.call("room:add", {{"roomId", room}, {"userIds", {carol.first}}});
    REQUIRE_MESSAGE(added["ok"] == true, added.dump());
    // Both are subscribed before the ack: carol's session by the room itself.
    CHECK(env.subscribers(room) == std::vector<chat::id_t>{alice.first, carol.first});
    auto sent = a.call("message:send", {{"roomId", room}, {"body", "welcome"}});
    REQUIRE_MESSAGE(sent["ok"] == true, sent.dump());
    check_told_then_reached(*c.socket, room);
  }
}

TEST_CASE("fay opens a direct room with someone who leaves right after the ack: fay sees them go "
          "offline") {
  chat_env env;
  auto fay = env.user("fay");
  auto f = env.connect(fay.second);
  for (int i = 0; i < rounds; ++i) {
    auto gus = env.user("gus" + std::to_string(i));
    auto g = env.connect(gus.second);
    auto deadline = std::chrono::steady_clock::now() + test::timeout;
    while (env.online({gus.first}).empty() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // registration: no event

    REQUIRE(f.call("room:direct", {{"userId", gus.first}})["ok"] == true);
    g.socket->client_disconnect();
    auto offline = f.socket->wait_until(
      [id = gus.first](const test::received& r) {
        return r.event == "presence" && r.payload["userId"] == id
               && r.payload["online"] == false;
      },
      quick);
    REQUIRE_MESSAGE(offline, "no presence offline for gus" << i);
  }
}

TEST_CASE("bob connects while alice creates rooms with him: each room ends up with his session "
          "subscribed once") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a = env.connect(alice.second);
  for (int i = 0; i < rounds; ++i) {
    auto request = std::make_shared<test::fake_connect_request>(json{{"token", bob.second}});
    env.chat->on_connect(request);
    auto created = a.call("room:create", {{"name", "c" + std::to_string(i)},
                                          {"memberIds", {bob.first}}});
    REQUIRE(created["ok"] == true);
    auto socket = request->wait();
    REQUIRE(socket != nullptr);
    // In the presence snapshot, or found in the database; either way, exactly once.
    REQUIRE(env.await_subscribers(created["room"]["id"].get<chat::id_t>(),
                                  {alice.first, bob.first}));
    socket->client_disconnect();
  }
}

}
