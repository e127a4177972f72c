// A room on one node of a cluster, on the deterministic coordinator: the catch-up read that
// fills a gap in seqs meets this node's own send whose commit has not answered yet (a slow
// store). The sending socket gets its ack and never a message:new of its own message; every
// other socket here gets every message once, in seq order.
#include "chat_env.hpp"

#include "actors/chat/socket_bridge.hpp"
#include "common/clock.hpp"

using namespace chat;
using test::account;
using test::chat_env;

namespace {

/// The gap wait of actors/chat/room_actor.cpp: how long a message past a gap waits before the
/// room reads what is missing.
constexpr auto gap_wait = std::chrono::milliseconds{200};

std::vector<std::int64_t> seqs_of(const test::client& c) {
  std::vector<std::int64_t> out;
  for (auto& r : c.socket->all("message:new"))
    out.push_back(r.payload["message"]["seq"].get<std::int64_t>());
  return out;
}

/// alice (two tabs) and bob on this node, carol on another one, all in one group room.
struct cluster_team {
  chat_env env{chat_options{}, true};
  account alice = env.user("alice");
  account bob = env.user("bob");
  account carol = env.user("carol");
  chat::id_t room = env.group("team", alice.id, {bob.id, carol.id});
  test::client tab1 = env.connect(alice.token);
  test::client tab2 = env.connect(alice.token);
  test::client bob1 = env.connect(bob.token);

  cluster_team() {
    REQUIRE(env.subscribers(room) == std::vector<chat::id_t>{alice.id, alice.id, bob.id});
  }

  /// `user` posts on another node: committed there (the shared database), then published;
  /// returns the stored message.
  message_info post_elsewhere(chat::id_t user, const std::string& body, const std::string& cmid) {
    message_info out;
    env.db.seed([&](persistence::repositories& r) {
      out = r.messages.append({room, user, body, 0, cmid}, iso8601_now()).message;
    });
    return out;
  }

  /// The other node's publication of `m` reaches this node (as the listener passes it on).
  void arrives(const message_info& m) {
    json event = json::array({"message:new", json{{"message", message_json(m)}}});
    caf::anon_send(env.chat->room_registry(), cl_frame_atom_v, room, make_frame(event),
                   std::vector<chat::id_t>{}, m.seq);
  }
};

}  // namespace

TEST_SUITE("cluster_catch_up") {

TEST_CASE("alice's commit answers after the gap wait: the catch-up read finds her message "
          "stored, yet her sending tab gets only the ack, and her other tab and bob get seq 1 "
          "and 2 once each, in order") {
  cluster_team t;
  // alice sends; the store commits it as seq 1 at once but answers late.
  t.env.db.hold_answers(append_atom_v);
  auto ack = t.tab1.emit("message:send", {{"roomId", t.room}, {"body", "mine"}, {"clientMsgId", "a-1"}});
  t.env.run();
  REQUIRE(t.env.db.commits() == 1);
  CHECK_FALSE(*ack);

  // carol's seq 2 arrives from the other node: past the gap (seq 1 has not been delivered).
  auto theirs = t.post_elsewhere(t.carol.id, "theirs", "c-1");
  REQUIRE(theirs.seq == 2);
  t.arrives(theirs);
  t.env.run();
  CHECK(seqs_of(t.tab2).empty());
  CHECK(seqs_of(t.bob1).empty());

  // The gap wait passes: the room reads seq 1 and 2 from the database. Seq 1 is alice's own
  // send, still unanswered: it is left to its answer, and seq 2 waits behind it.
  t.env.advance(gap_wait);
  CHECK(seqs_of(t.tab1).empty());
  CHECK(seqs_of(t.tab2).empty());
  CHECK(seqs_of(t.bob1).empty());
  CHECK_FALSE(*ack);

  // The commit's answer: the ack to tab1, seq 1 then 2 to everyone else, published once.
  t.env.db.release_answers(append_atom_v);
  t.env.run();
  REQUIRE(*ack);
  CHECK((**ack)["ok"] == true);
  CHECK((**ack)["message"]["seq"] == 1);
  CHECK(seqs_of(t.tab1) == std::vector<std::int64_t>{2});
  CHECK(seqs_of(t.tab2) == std::vector<std::int64_t>{1, 2});
  CHECK(seqs_of(t.bob1) == std::vector<std::int64_t>{1, 2});
  REQUIRE(t.env.published->size() == 1);
  CHECK((*t.env.published)[0].event[1]["message"]["seq"] == 1);

  // Later gap timers and catch-ups deliver nothing twice.
  t.env.advance(gap_wait * 5);
  CHECK(seqs_of(t.tab1) == std::vector<std::int64_t>{2});
  CHECK(seqs_of(t.tab2) == std::vector<std::int64_t>{1, 2});
  CHECK(seqs_of(t.bob1) == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("without clientMsgIds, alice's send here and her send on another node look alike to "
          "the catch-up read; the answer tells them apart: her other node's message still "
          "reaches everyone here, her sending tab included") {
  cluster_team t;
  t.env.db.hold_answers(append_atom_v);
  auto ack = t.tab1.emit("message:send", {{"roomId", t.room}, {"body", "from here"}});
  t.env.run();
  REQUIRE(t.env.db.commits() == 1);
  // alice on the other node, seq 2: its publication is lost (Redis went away and came back).
  auto elsewhere = t.post_elsewhere(t.alice.id, "from there", "");
  REQUIRE(elsewhere.seq == 2);
  // Redis is back: every room reads what it missed. Both look like the unanswered send here.
  caf::anon_send(t.env.chat->room_registry(), cl_resync_atom_v);
  t.env.run();
  CHECK(seqs_of(t.tab2).empty());
  CHECK(seqs_of(t.bob1).empty());

  // The answer is seq 1: seq 2 was the other node's.
  t.env.db.release_answers(append_atom_v);
  t.env.run();
  REQUIRE(*ack);
  CHECK((**ack)["message"]["seq"] == 1);
  CHECK(seqs_of(t.tab1) == std::vector<std::int64_t>{2});
  CHECK(seqs_of(t.tab2) == std::vector<std::int64_t>{1, 2});
  CHECK(seqs_of(t.bob1) == std::vector<std::int64_t>{1, 2});
  t.env.advance(gap_wait * 5);
  CHECK(seqs_of(t.tab1) == std::vector<std::int64_t>{2});
  CHECK(seqs_of(t.bob1) == std::vector<std::int64_t>{1, 2});
}

}
