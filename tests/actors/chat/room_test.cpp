// The room actor through real sessions: seq order and fan-out, one shared frame, dedupe,
// membership checks, a sender that dies mid-send, history and sync.
#include "chat_env.hpp"

using namespace chat;
using test::chat_env;
using test::code_of;

namespace {

json send(test::client& c, chat::id_t room, const std::string& body, json extra = json::object()) {
  json payload{{"roomId", room}, {"body", body}};
  for (auto& [k, v] : extra.items())
    payload[k] = v;
  return c.call("message:send", payload);
}

/// alice (two tabs) and bob in one group room, everyone subscribed.
struct team {
  chat_env env;
  std::pair<chat::id_t, std::string> alice = env.user("alice");
  std::pair<chat::id_t, std::string> bob = env.user("bob");
  std::pair<chat::id_t, std::string> eve = env.user("eve");
  chat::id_t room = env.group("team", alice.first, {bob.first});
  test::client tab1 = env.connect(alice.second);
  test::client tab2 = env.connect(alice.second);
  test::client bob1 = env.connect(bob.second);

  team() { REQUIRE(env.await_subscribers(room, {alice.first, alice.first, bob.first})); }
};

}  // namespace

TEST_SUITE("room") {

TEST_CASE("alice posts three messages: seq 1, 2, 3 in order to bob and her other tab, "
          "not back to the tab that sent them") {
  team t;
  for (int i = 1; i <= 3; ++i) {
    auto ack = send(t.tab1, t.room, "hello " + std::to_string(i));
    REQUIRE(ack["ok"] == true);
    CHECK(ack["message"]["seq"] == i);
    CHECK(ack["message"]["senderId"] == t.alice.first);
    CHECK(ack["message"]["body"] == "hello " + std::to_string(i));
  }
  REQUIRE(t.bob1.socket->wait_for("message:new", 3));
  REQUIRE(t.tab2.socket->wait_for("message:new", 3));
  auto at_bob = t.bob1.socket->all("message:new");
  auto at_tab2 = t.tab2.socket->all("message:new");
  REQUIRE(at_bob.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(at_bob[i].payload["message"]["seq"] == i + 1);
    // Encoded once, the very same buffer for every recipient.
    REQUIRE(at_bob[i].frame != nullptr);
    CHECK(at_bob[i].frame == at_tab2[i].frame);
  }
  // The sending tab got acks only (its own message:new would be a duplicate).
  t.bob1.call("typing", {{"roomId", t.room}, {"typing", true}});  // a later event, as a fence
  REQUIRE(t.tab1.socket->wait_for("typing"));
  CHECK(t.tab1.socket->all("message:new").empty());
}

TEST_CASE("a repeated clientMsgId is acked with the stored message and not broadcast again") {
  team t;
  auto first = send(t.tab1, t.room, "once", {{"clientMsgId", "m-1"}});
  auto again = send(t.tab1, t.room, "once", {{"clientMsgId", "m-1"}});
  REQUIRE(first["ok"] == true);
  REQUIRE(again["ok"] == true);
  CHECK(again["message"] == first["message"]);
  auto next = send(t.tab1, t.room, "next");
  CHECK(next["message"]["seq"] == 2);
  REQUIRE(t.bob1.socket->wait_for("message:new", 2));
  auto got = t.bob1.socket->all("message:new");
  REQUIRE(got.size() == 2);
  CHECK(got[0].payload["message"]["clientMsgId"] == "m-1");
  CHECK(got[1].payload["message"]["body"] == "next");
}

TEST_CASE("eve is no member: sending, reading history, syncing and typing are forbidden") {
  team t;
  send(t.tab1, t.room, "secret");
  auto eve = t.env.connect(t.eve.second);
  CHECK(code_of(send(eve, t.room, "let me in")) == "forbidden");
  auto history = eve.call("messages:history", {{"roomId", t.room}});
  CHECK(code_of(history) == "forbidden");
  CHECK_FALSE(history.contains("messages"));
  CHECK(code_of(eve.call("messages:sync", {{"roomId", t.room}, {"afterSeq", 0}})) == "forbidden");
  CHECK(code_of(eve.call("typing", {{"roomId", t.room}, {"typing", true}})) == "forbidden");
  CHECK(code_of(eve.call("message:read", {{"roomId", t.room}, {"seq", 1}})) == "forbidden");
  CHECK(code_of(eve.call("room:add", {{"roomId", t.room}, {"userIds", {t.eve.first}}}))
        == "forbidden");
  // A room that does not exist looks the same.
  CHECK(code_of(send(eve, 999999, "anyone?")) == "forbidden");
  // Nothing reached the members.
  send(t.tab1, t.room, "still private");
  REQUIRE(t.bob1.socket->wait_for("message:new", 2));
  CHECK(t.bob1.socket->all("message:new").size() == 2);
}

TEST_CASE("a session that dies right after sending: the message is stored and bob gets it") {
  team t;
  auto ghost = t.env.connect(t.alice.second);
  REQUIRE(t.env.await_subscribers(t.room, {t.alice.first, t.alice.first, t.alice.first,
                                           t.bob.first}));
  ghost.cast("message:send", {{"roomId", t.room}, {"body", "last words"}});
  ghost.socket->client_disconnect();
  auto got = t.bob1.socket->wait_for("message:new");
  REQUIRE(got);
  CHECK(got->payload["message"]["body"] == "last words");
  // Everyone else carries on.
  auto ack = send(t.tab1, t.room, "after");
  CHECK(ack["message"]["seq"] == 2);
  auto history = t.bob1.call("messages:history", {{"roomId", t.room}});
  REQUIRE(history["messages"].size() == 2);
  CHECK(history["messages"][1]["body"] == "last words");
}

TEST_CASE("history pages newest first with nextBefore; sync returns everything after, oldest "
          "first") {
  team t;
  for (int i = 1; i <= 5; ++i)
    send(t.tab1, t.room, "m" + std::to_string(i));
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
  send(t.tab1, t.room, "read me");
  auto ack = t.bob1.call("message:read", {{"roomId", t.room}, {"seq", 1}});
  CHECK(ack["ok"] == true);
  auto receipt = t.tab1.socket->wait_for("message:read");
  REQUIRE(receipt);
  CHECK(receipt->payload == json{{"roomId", t.room}, {"userId", t.bob.first}, {"seq", 1}});
  CHECK(t.bob1.call("typing", {{"roomId", t.room}, {"typing", true}})["ok"] == true);
  auto typing = t.tab2.socket->wait_for("typing");
  REQUIRE(typing);
  CHECK(typing->payload["userId"] == t.bob.first);
  CHECK(t.bob1.socket->all("typing").empty());
  CHECK(t.bob1.socket->all("message:read").empty());
}

}
