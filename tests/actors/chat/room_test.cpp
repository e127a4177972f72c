// The room actor through real sessions: seq order and fan-out, one shared frame, the ack only
// after the commit, dedupe, membership checks, a sender that dies mid-send, history and sync,
// typing and read receipts, a room actor that dies.
#include "chat_env.hpp"

using namespace chat;
using test::account;
using test::chat_env;
using test::code_of;

namespace {

json send_payload(chat::id_t room, const std::string& body, json extra = json::object()) {
  json payload{{"roomId", room}, {"body", body}};
  for (auto& [k, v] : extra.items())
    payload[k] = v;
  return payload;
}

/// alice (two tabs) and bob in one group room, everyone subscribed; eve is no member.
struct team {
  chat_env env;
  account alice = env.user("alice");
  account bob = env.user("bob");
  account eve = env.user("eve");
  chat::id_t room = env.group("team", alice.id, {bob.id});
  test::client tab1 = env.connect(alice.token);
  test::client tab2 = env.connect(alice.token);
  test::client bob1 = env.connect(bob.token);

  team() { REQUIRE(env.subscribers(room) == std::vector<chat::id_t>{alice.id, alice.id, bob.id}); }

  json send(test::client& c, const std::string& body, json extra = json::object()) {
    return c.call("message:send", send_payload(room, body, std::move(extra)));
  }
};

}  // namespace

TEST_SUITE("room") {

TEST_CASE("alice posts three messages at once: seq 1, 2, 3 in order to bob and her other tab, "
          "not back to the tab that sent them") {
  team t;
  std::vector<test::pending_ack> acks;
  for (int i = 1; i <= 3; ++i)
    acks.push_back(t.tab1.emit("message:send", send_payload(t.room, "hello " + std::to_string(i))));
  t.env.run();
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(*acks[i - 1]);
    auto& ack = **acks[i - 1];
    REQUIRE(ack["ok"] == true);
    CHECK(ack["message"]["seq"] == i);
    CHECK(ack["message"]["senderId"] == t.alice.id);
    CHECK(ack["message"]["body"] == "hello " + std::to_string(i));
  }
  auto at_bob = t.bob1.socket->all("message:new");
  auto at_tab2 = t.tab2.socket->all("message:new");
  REQUIRE(at_bob.size() == 3);
  REQUIRE(at_tab2.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(at_bob[i].payload["message"]["seq"] == i + 1);
    CHECK(at_tab2[i].payload["message"]["seq"] == i + 1);
    // Encoded once, the very same buffer for every recipient.
    REQUIRE(at_bob[i].frame != nullptr);
    CHECK(at_bob[i].frame == at_tab2[i].frame);
  }
  // The sending tab got acks only (its own message:new would be a duplicate).
  CHECK(t.tab1.socket->all("message:new").empty());
}

TEST_CASE("while the store has not committed, alice has no ack and bob no message; after the "
          "commit both") {
  team t;
  t.env.db.hold(append_atom_v);
  auto ack = t.tab1.emit("message:send", send_payload(t.room, "durable"));
  t.env.run();
  CHECK_FALSE(*ack);
  CHECK(t.bob1.socket->all("message:new").empty());
  CHECK(t.env.db.commits() == 0);

  t.env.db.release(append_atom_v);
  t.env.run();
  CHECK(t.env.db.commits() == 1);
  REQUIRE(*ack);
  CHECK((**ack)["message"]["seq"] == 1);
  auto got = t.bob1.socket->all("message:new");
  REQUIRE(got.size() == 1);
  CHECK(got[0].payload["message"]["body"] == "durable");
}

TEST_CASE("a repeated clientMsgId is acked with the stored message and not broadcast again") {
  team t;
  auto first = t.send(t.tab1, "once", {{"clientMsgId", "m-1"}});
  auto again = t.send(t.tab1, "once", {{"clientMsgId", "m-1"}});
  REQUIRE(first["ok"] == true);
  REQUIRE(again["ok"] == true);
  CHECK(again["message"] == first["message"]);
  auto next = t.send(t.tab1, "next");
  CHECK(next["message"]["seq"] == 2);
  auto got = t.bob1.socket->all("message:new");
  REQUIRE(got.size() == 2);
  CHECK(got[0].payload["message"]["clientMsgId"] == "m-1");
  CHECK(got[1].payload["message"]["body"] == "next");
}

TEST_CASE("eve is no member: sending, reading history, syncing, typing, reading and adding are "
          "forbidden, and nothing reaches the members") {
  team t;
  t.send(t.tab1, "secret");
  auto eve = t.env.connect(t.eve.token);
  CHECK(code_of(eve.call("message:send", send_payload(t.room, "let me in"))) == "forbidden");
  auto history = eve.call("messages:history", {{"roomId", t.room}});
  CHECK(code_of(history) == "forbidden");
  CHECK_FALSE(history.contains("messages"));
  CHECK(code_of(eve.call("messages:sync", {{"roomId", t.room}, {"afterSeq", 0}})) == "forbidden");
  CHECK(code_of(eve.call("typing", {{"roomId", t.room}, {"typing", true}})) == "forbidden");
  CHECK(code_of(eve.call("message:read", {{"roomId", t.room}, {"seq", 1}})) == "forbidden");
  CHECK(code_of(eve.call("room:add", {{"roomId", t.room}, {"userIds", {t.eve.id}}}))
        == "forbidden");
  // A room that does not exist looks the same.
  CHECK(code_of(eve.call("message:send", send_payload(999999, "anyone?"))) == "forbidden");

  CHECK(t.env.db.commits() == 1);  // only alice's message was stored
  CHECK(t.bob1.socket->all("message:new").size() == 1);
  CHECK(t.bob1.socket->all("typing").empty());
  CHECK(t.bob1.socket->all("message:read").empty());
  CHECK(t.env.subscribers(t.room) == std::vector<chat::id_t>{t.alice.id, t.alice.id, t.bob.id});
}

TEST_CASE("a session that dies while its message is being stored: the message is kept and bob "
          "gets it") {
  team t;
  auto ghost = t.env.connect(t.alice.token);
  t.env.db.hold(append_atom_v);
  ghost.cast("message:send", send_payload(t.room, "last words"));
  t.env.run();  // the room waits for the store
  ghost.leave();
  t.env.run();  // the session is gone
  CHECK(t.env.subscribers(t.room) == std::vector<chat::id_t>{t.alice.id, t.alice.id, t.bob.id});

  t.env.db.release(append_atom_v);
  t.env.run();
  auto got = t.bob1.socket->all("message:new");
  REQUIRE(got.size() == 1);
  CHECK(got[0].payload["message"]["body"] == "last words");
  // Everyone else carries on.
  CHECK(t.send(t.tab1, "after")["message"]["seq"] == 2);
  auto history = t.bob1.call("messages:history", {{"roomId", t.room}});
  REQUIRE(history["messages"].size() == 2);
  CHECK(history["messages"][1]["body"] == "last words");
}

TEST_CASE("history pages newest first with nextBefore; sync returns everything after, oldest "
          "first") {
  team t;
  for (int i = 1; i <= 5; ++i)
    t.send(t.tab1, "m" + std::to_string(i));
  auto page1 = t.bob1.call("messages:history", {{"roomId", t.room}, {"limit", 2}});
  REQUIRE(page1["ok"] == true);
  REQUIRE(page1["messages"].size() == 2);
  CHECK(page1["messages"][0]["seq"] == 5);
  CHECK(page1["messages"][1]["seq"] == 4);
  CHECK(page1["nextBefore"] == 4);
  auto page2 = t.bob1.call("messages:history", {{"roomId", t.room}, {"limit", 3}, {"before", 4}});
  REQUIRE(page2["messages"].size() == 3);
  CHECK(page2["messages"][2]["seq"] == 1);
  CHECK(page2["nextBefore"].is_null());  // seq 1 reached: nothing older
  auto all = t.bob1.call("messages:history", {{"roomId", t.room}});
  CHECK(all["messages"].size() == 5);
  CHECK(all["nextBefore"].is_null());

  auto sync = t.bob1.call("messages:sync", {{"roomId", t.room}, {"afterSeq", 3}});
  REQUIRE(sync["ok"] == true);
  REQUIRE(sync["messages"].size() == 2);
  CHECK(sync["messages"][0]["seq"] == 4);
  CHECK(sync["messages"][1]["seq"] == 5);
}

TEST_CASE("typing and read receipts reach the other members only") {
  team t;
  t.send(t.tab1, "read me");
  auto ack = t.bob1.call("message:read", {{"roomId", t.room}, {"seq", 1}});
  CHECK(ack["ok"] == true);
  for (auto* tab : {&t.tab1, &t.tab2}) {
    auto receipts = tab->socket->all("message:read");
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0].payload == json{{"roomId", t.room}, {"userId", t.bob.id}, {"seq", 1}});
  }
  CHECK(t.bob1.call("typing", {{"roomId", t.room}, {"typing", true}})["ok"] == true);
  auto typing = t.tab2.socket->all("typing");
  REQUIRE(typing.size() == 1);
  CHECK(typing[0].payload == json{{"roomId", t.room}, {"userId", t.bob.id}, {"typing", true}});
  CHECK(t.bob1.socket->all("typing").empty());
  CHECK(t.bob1.socket->all("message:read").empty());
}

TEST_CASE("a room actor that dies is replaced at once: every subscribed session subscribes to "
          "its successor, and alice's next message reaches bob and her other tab with the next "
          "seq") {
  team t;
  CHECK(t.send(t.tab1, "before")["message"]["seq"] == 1);
  auto* old_room = t.env.live_room(t.room);
  REQUIRE(old_room != nullptr);
  auto dead = *old_room;
  caf::anon_send_exit(dead, caf::exit_reason::kill);
  t.env.run();
  // Nobody sent anything: the sessions noticed the death and subscribed again by themselves.
  auto* fresh = t.env.live_room(t.room);
  REQUIRE(fresh != nullptr);
  CHECK(*fresh != dead);
  CHECK(t.env.subscribers(t.room) == std::vector<chat::id_t>{t.alice.id, t.alice.id, t.bob.id});

  auto ack = t.send(t.tab1, "after");
  REQUIRE(ack["ok"] == true);
  CHECK(ack["message"]["seq"] == 2);
  auto at_bob = t.bob1.socket->all("message:new");
  auto at_tab2 = t.tab2.socket->all("message:new");
  REQUIRE(at_bob.size() == 2);
  REQUIRE(at_tab2.size() == 2);
  CHECK(at_bob[1].payload["message"]["body"] == "after");
  CHECK(at_tab2[1].payload["message"]["body"] == "after");
}

}
