// New rooms and new members: whoever learns of a room (the creator's ack, a member's room:new)
// can already reach every member's sessions, so the first message and the first presence
// change right after it are never lost. Each story runs in two interleavings (the scheduler
// picks the oldest or the newest ready actor first), and the client acts inside the ack
// callback: nothing else can run in between.
#include "chat_env.hpp"

using namespace chat;
using test::chat_env;

namespace {

using ids = std::vector<chat::id_t>;

/// Position in `log` of the first `event` about `room`.
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
void check_told_then_reached(const test::fake_socket& socket, chat::id_t room) {
  auto told = position(socket.all(), "room:new", room);
  auto reached = position(socket.all(), "message:new", room);
  REQUIRE_MESSAGE(told, "room:new of room " << room << " never came");
  REQUIRE_MESSAGE(reached, "message:new of room " << room << " never came");
  CHECK(*told < *reached);
}

chat::id_t room_of(const json& ack) {
  return ack["room"]["id"].get<chat::id_t>();
}

}  // namespace

/// Runs the rest of the test case once per scheduling order.
#define EACH_INTERLEAVING(env)                                      \
  SUBCASE("oldest ready actor first") { env.pick = chat_env::order::fifo; } \
  SUBCASE("newest ready actor first") { env.pick = chat_env::order::lifo; }

TEST_SUITE("membership") {

TEST_CASE("alice creates a room with bob and writes at once: bob and her other tab get room:new, "
          "then the message") {
  chat_env env;
  EACH_INTERLEAVING(env)
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a1 = env.connect(alice.token);
  auto a2 = env.connect(alice.token);
  auto b = env.connect(bob.token);

  json created;
  ids subscribed_at_ack;
  bool creator_told_at_ack = false;
  a1.socket->client_emit("room:create", {{"name", "plans"}, {"memberIds", {bob.id}}},
                         [&](json args) {
                           created = args[0];
                           auto room = room_of(created);
                           subscribed_at_ack = env.subscribers_now(room);
                           creator_told_at_ack = position(a1.socket->all(), "room:new", room)
                                                   .has_value();
                           a1.cast("message:send", {{"roomId", room}, {"body", "first"}});
                         });
  env.run();
  REQUIRE(created["ok"] == true);
  auto room = room_of(created);
  // Acked only once every member's session is subscribed and told, the creating tab included.
  CHECK(subscribed_at_ack == ids{alice.id, alice.id, bob.id});
  CHECK(creator_told_at_ack);
  check_told_then_reached(*b.socket, room);
  check_told_then_reached(*a2.socket, room);
  CHECK(a1.socket->all("message:new").empty());  // its own message comes back as an ack only
}

TEST_CASE("alice adds carol and writes at once: carol gets room:new, then the message") {
  chat_env env;
  EACH_INTERLEAVING(env)
  auto alice = env.user("alice");
  auto carol = env.user("carol");
  auto a = env.connect(alice.token);
  auto c = env.connect(carol.token);
  auto created = a.call("room:create", {{"name", "club"}, {"memberIds", json::array()}});
  REQUIRE(created["ok"] == true);
  auto room = room_of(created);

  json added;
  ids subscribed_at_ack;
  a.socket->client_emit("room:add", {{"roomId", room}, {"userIds", {carol.id}}}, [&](json args) {
    added = args[0];
    subscribed_at_ack = env.subscribers_now(room);
    a.cast("message:send", {{"roomId", room}, {"body", "welcome"}});
  });
  env.run();
  REQUIRE_MESSAGE(added["ok"] == true, added.dump());
  // Both are subscribed before the ack: carol's session by the room itself.
  CHECK(subscribed_at_ack == ids{alice.id, carol.id});
  check_told_then_reached(*c.socket, room);
}

TEST_CASE("fay opens a direct room with gus, who leaves right at the ack: fay sees him go "
          "offline") {
  chat_env env;
  EACH_INTERLEAVING(env)
  auto fay = env.user("fay");
  auto gus = env.user("gus");
  auto f = env.connect(fay.token);
  auto g = env.connect(gus.token);

  json opened;
  f.socket->client_emit("room:direct", {{"userId", gus.id}}, [&](json args) {
    opened = args[0];
    g.leave();
  });
  env.run();
  REQUIRE(opened["ok"] == true);
  auto told = f.socket->all("presence");
  REQUIRE_MESSAGE(told.size() == 1, "no presence offline for gus");
  CHECK(told[0].payload == json{{"userId", gus.id}, {"online", false}});
}

TEST_CASE("bob's session has registered but not read his rooms when alice creates one with him: "
          "subscribed once, by the room") {
  chat_env env;
  EACH_INTERLEAVING(env)
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a = env.connect(alice.token);
  env.db.hold(room_ids_atom_v);
  auto connecting = env.knock(bob.token);
  env.run();  // registered with presence, waiting for its rooms
  REQUIRE(connecting->socket() == nullptr);

  auto room = room_of(a.call("room:create", {{"name", "c"}, {"memberIds", {bob.id}}}));
  CHECK(env.subscribers(room) == ids{alice.id, bob.id});  // found through presence
  env.db.release(room_ids_atom_v);
  env.run();  // his own read finds the room too
  REQUIRE(connecting->socket() != nullptr);
  CHECK(env.subscribers(room) == ids{alice.id, bob.id});
  a.call("message:send", {{"roomId", room}, {"body", "once"}});
  CHECK(connecting->socket()->all("message:new").size() == 1);
}

TEST_CASE("bob's connection is still being authenticated when alice creates a room with him: "
          "his session finds it in the database") {
  chat_env env;
  EACH_INTERLEAVING(env)
  auto alice = env.user("alice");
  auto bob = env.user("bob");
  auto a = env.connect(alice.token);
  env.db.hold(authenticate_atom_v);
  auto connecting = env.knock(bob.token);
  env.run();

  auto room = room_of(a.call("room:create", {{"name", "c"}, {"memberIds", {bob.id}}}));
  CHECK(env.subscribers(room) == ids{alice.id});  // no session of bob's to find yet
  env.db.release(authenticate_atom_v);
  env.run();
  REQUIRE(connecting->socket() != nullptr);
  CHECK(env.subscribers(room) == ids{alice.id, bob.id});
  a.call("message:send", {{"roomId", room}, {"body", "found"}});
  CHECK(connecting->socket()->all("message:new").size() == 1);
}

}
