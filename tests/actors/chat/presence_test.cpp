// Presence: online while at least one socket is open; transitions reach watchers and the
// users who share a room, once per transition; a session that crashes counts as gone.
#include "chat_env.hpp"

#include "actors/chat/presence_registry.hpp"

using namespace chat;
using test::account;
using test::chat_env;

namespace {

/// The online states of `user` that `s` was told, in order.
std::vector<bool> states_of(const test::fake_socket& s, chat::id_t user) {
  std::vector<bool> out;
  for (auto& r : s.all("presence"))
    if (r.payload["userId"] == user)
      out.push_back(r.payload["online"].get<bool>());
  return out;
}

using states = std::vector<bool>;
using ids = std::vector<chat::id_t>;

}  // namespace

TEST_SUITE("presence") {

TEST_CASE("alice opens two tabs and closes both: carol (watching) and bob (sharing a room) see "
          "online once and offline once") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto carol = env.user("carol");
  auto room = env.group("pair", alice.id, {bob.id});

  auto carol1 = env.connect(carol.token);
  auto watch = carol1.call("presence:watch", {{"userIds", {alice.id}}});
  REQUIRE(watch["ok"] == true);
  CHECK(watch["users"] == json::array({{{"userId", alice.id}, {"online", false}}}));
  auto bob1 = env.connect(bob.token);

  auto tab1 = env.connect(alice.token);
  CHECK(states_of(*carol1.socket, alice.id) == states{true});
  CHECK(states_of(*bob1.socket, alice.id) == states{true});
  CHECK(env.online({alice.id, bob.id, carol.id}) == ids{alice.id, bob.id, carol.id});

  auto tab2 = env.connect(alice.token);
  CHECK(env.subscribers(room) == ids{alice.id, alice.id, bob.id});
  tab1.leave();
  env.run();
  CHECK(env.subscribers(room) == ids{alice.id, bob.id});
  CHECK(env.online({alice.id}) == ids{alice.id});  // tab2 is still open
  CHECK(states_of(*carol1.socket, alice.id) == states{true});
  CHECK(states_of(*bob1.socket, alice.id) == states{true});

  tab2.leave();
  env.run();
  CHECK(states_of(*carol1.socket, alice.id) == states{true, false});
  CHECK(states_of(*bob1.socket, alice.id) == states{true, false});
  CHECK(env.online({alice.id}).empty());
  CHECK(tab1.socket->all("presence").empty());  // nobody tells alice about herself
}

TEST_CASE("watching someone already online answers online in the ack; a bad list is refused") {
  chat_env env;
  auto alice = env.user("alice");
  auto carol = env.user("carol");
  auto tab = env.connect(alice.token);
  auto carol1 = env.connect(carol.token);
  auto watch = carol1.call("presence:watch", {{"userIds", {alice.id, carol.id}}});
  REQUIRE(watch["users"].size() == 2);
  CHECK(watch["users"][0] == json{{"userId", alice.id}, {"online", true}});
  CHECK(watch["users"][1] == json{{"userId", carol.id}, {"online", true}});
  CHECK(test::code_of(carol1.call("presence:watch", {{"userIds", "everyone"}})) == "bad_request");
  // The ack said online: no event repeats it.
  CHECK(carol1.socket->all("presence").empty());
  tab.leave();
  env.run();
  CHECK(states_of(*carol1.socket, alice.id) == states{false});
}

TEST_CASE("alice's session crashes: bob, who shares a room with her, sees her go offline") {
  chat_env env;
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  env.group("pair", alice.id, {bob.id});
  auto bob1 = env.connect(bob.token);
  auto tab = env.connect(alice.token);
  REQUIRE(states_of(*bob1.socket, alice.id) == states{true});

  auto& registry = test::state_of<presence_registry_state>(env.chat->presence_registry());
  REQUIRE(registry.user_sessions.at(alice.id).size() == 1);
  auto session = registry.user_sessions.at(alice.id).front();
  caf::anon_send_exit(session, caf::exit_reason::kill);  // no sio_close, no p_leave
  env.run();
  CHECK(states_of(*bob1.socket, alice.id) == states{true, false});
  CHECK(env.online({alice.id}).empty());
}

}
