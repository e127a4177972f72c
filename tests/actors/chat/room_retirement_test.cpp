// Idle rooms: a room actor with no subscriber retires after the idle timeout (on the actor
// clock, moved by the test) and comes back on demand with its history; a request that crosses
// its retirement is answered and keeps it alive.
#include "chat_env.hpp"

using namespace chat;
using test::chat_env;

namespace {

constexpr auto idle = std::chrono::seconds(1);

chat_options idle_after_a_second() {
  chat_options opts;
  opts.room_idle_timeout = idle;
  return opts;
}

/// alice wrote once in "quiet" and closed her tab: the room has no subscriber left.
struct quiet_room {
  chat_env env{idle_after_a_second()};
  test::account alice = env.user("alice");
  chat::id_t room = env.group("quiet", alice.id, {});

  quiet_room() {
    auto a = env.connect(alice.token);
    REQUIRE(a.call("message:send", {{"roomId", room}, {"body", "one"}})["message"]["seq"] == 1);
    a.leave();
    env.run();
    REQUIRE(env.live_room(room) != nullptr);
  }
};

}  // namespace

TEST_SUITE("room_retirement") {

TEST_CASE("an idle room retires after the timeout and comes back with its messages and seq") {
  quiet_room q;
  q.env.advance(idle - std::chrono::milliseconds(1));
  CHECK(q.env.live_room(q.room) != nullptr);  // not idle long enough
  q.env.advance(std::chrono::milliseconds(1));
  CHECK(q.env.live_room(q.room) == nullptr);  // retired: the registry forgot it

  auto b = q.env.connect(q.alice.token);
  CHECK(q.env.live_room(q.room) != nullptr);  // spawned again for the new subscriber
  auto page = b.call("messages:history", {{"roomId", q.room}});
  REQUIRE(page["messages"].size() == 1);
  CHECK(page["messages"][0]["body"] == "one");
  CHECK(b.call("message:send", {{"roomId", q.room}, {"body", "two"}})["message"]["seq"] == 2);
  // Subscribed, it stays however long it is quiet.
  q.env.advance(10 * idle);
  CHECK(q.env.live_room(q.room) != nullptr);
}

TEST_CASE("a request that crosses the room's retirement is answered, and the room stays until "
          "nothing is on its way to it") {
  quiet_room q;
  const auto before = *q.env.live_room(q.room);
  q.env.sched.advance_time(idle);  // the idle check is due: it waits in the room's mailbox
  auto asked = q.env.ask_later<std::vector<chat::id_t>>(q.env.chat->room_registry(),
                                                        caf::get_atom_v, q.room);
  REQUIRE(q.env.run_one(asked.asker));  // the question reaches the registry first,
  REQUIRE(q.env.run_one(before));       // then the room asks to retire: the two cross
  q.env.run();
  REQUIRE(*asked.answer);
  CHECK((*asked.answer)->empty());
  REQUIRE(q.env.live_room(q.room) != nullptr);
  CHECK(*q.env.live_room(q.room) == before);  // it had a message on its way: kept

  q.env.advance(idle);  // nothing crosses this time
  CHECK(q.env.live_room(q.room) == nullptr);
}

}
