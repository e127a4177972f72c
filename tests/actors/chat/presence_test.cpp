// Presence: online while at least one socket is open; transitions reach watchers and the
// users who share a room, once per transition.
#include "chat_env.hpp"

using namespace chat;
using test::chat_env;

namespace {

std::vector<bool> states_of(test::fake_socket& s, chat::id_t user) {
  std::vector<bool> out;
  for (auto& r : s.all("presence"))
    if (r.payload["userId"] == user)
      out.push_back(r.payload["online"].get<bool>());
  return out;
}

}  // namespace

TEST_SUITE("presence") {

TEST_CASE("alice opens two tabs and closes both: carol (watching) and bob (sharing a room) see "
          "online once and offline once") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto carol = env.user("carol");
  auto room = env.group("pair", alice.first, {bob.first});

  auto carol1 = env.connect(carol.second);
  auto watch = carol1.call("presence:watch", {{"userIds", {alice.first}}});
  REQUIRE(watch["ok"] == true);
  CHECK(watch["users"] == json::array({{{"userId", alice.first}, {"online", false}}}));
  auto bob1 = env.connect(bob.second);
  REQUIRE(env.await_subscribers(room, {bob.first}));

  auto tab1 = env.connect(alice.second);
  REQUIRE(carol1.socket->wait_for("presence"));
  REQUIRE(bob1.socket->wait_for("presence"));
  CHECK(env.online({alice.first, bob.first, carol.first})
        == std::vector<chat::id_t>{alice.first, bob.first, carol.first});

  auto tab2 = env.connect(alice.second);
  REQUIRE(env.await_subscribers(room, {alice.first, alice.first, bob.first}));
  tab1.socket->client_disconnect();
  REQUIRE(env.await_subscribers(room, {alice.first, bob.first}));
  CHECK(env.online({alice.first}) == std::vector<chat::id_t>{alice.first});  // tab2 is still open

  tab2.socket->client_disconnect();
  auto offline_at_carol = carol1.socket->wait_for("presence", 2);
  auto offline_at_bob = bob1.socket->wait_for("presence", 2);
  REQUIRE(offline_at_carol);
  REQUIRE(offline_at_bob);
  CHECK(states_of(*carol1.socket, alice.first) == std::vector<bool>{true, false});
  CHECK(states_of(*bob1.socket, alice.first) == std::vector<bool>{true, false});
  CHECK(env.online({alice.first}).empty());
}

TEST_CASE("watching someone already online answers online in the ack") {
  chat_env env;
  auto alice = env.user("alice");
  auto carol = env.user("carol");
  auto tab = env.connect(alice.second);
  // Presence is mirrored asynchronously: wait until the registry knows.
  auto deadline = std::chrono::steady_clock::now() + test::timeout;
  while (env.online({alice.first}).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto carol1 = env.connect(carol.second);
  auto watch = carol1.call("presence:watch", {{"userIds", {alice.first, carol.first}}});
  CHECK(watch["users"][0] == json{{"userId", alice.first}, {"online", true}});
  CHECK(watch["users"][1] == json{{"userId", carol.first}, {"online", true}});
  CHECK(test::code_of(carol1.call("presence:watch", {{"userIds", "everyone"}})) == "bad_request");
}

}
