// Messages on a fresh database of the backend under test (SQLite :memory: or PostgreSQL) —
// gapless per-room seq, dedupe by clientMsgId, same-room parents, paging.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/test_db.hpp"

using namespace chat;
using chat::persistence::new_message;

namespace {

struct chat_fixture {
  std::unique_ptr<test::test_repositories> db = test::fresh_db();
  persistence::repositories& repos = db->get();
  user_info alice = repos.users.create("alice", "");
  user_info bob = repos.users.create("bob", "");
  room_info direct = [this] {
    bool created = false;
    return repos.rooms.get_or_create_direct(alice.id, bob.id, created);
  }();
  room_info group = repos.rooms.create_group("team", alice.id, std::vector<chat::id_t>{bob.id});

  persistence::append_result say(const room_info& room, const user_info& who, std::string body,
                                 std::string client_id = {}, chat::id_t parent = 0) {
    return repos.messages.append({room.id, who.id, std::move(body), parent, std::move(client_id)},
                                 "2026-01-01T00:00:00.000Z");
  }
};

}  // namespace

TEST_SUITE("messages") {

TEST_CASE_FIXTURE(chat_fixture, "seq counts 1, 2, 3 inside each room, independently") {
  CHECK(say(direct, alice, "a1").message.seq == 1);
  CHECK(say(group, bob, "g1").message.seq == 1);
  CHECK(say(direct, bob, "a2").message.seq == 2);
  auto third = say(direct, alice, "a3");
  CHECK(third.message.seq == 3);
  CHECK_FALSE(third.duplicate);
  CHECK(third.message.id > 0);
  CHECK(third.message.body == "a3");
  CHECK(repos.rooms.find(direct.id)->last_seq == 3);
  CHECK(repos.rooms.find(group.id)->last_seq == 1);
}

TEST_CASE_FIXTURE(chat_fixture, "a resent clientMsgId returns the first message; nothing new") {
  auto first = say(direct, alice, "hello", "c-1");
  auto again = say(direct, alice, "hello (retry)", "c-1");
  CHECK(again.duplicate);
  CHECK(again.message.id == first.message.id);
  CHECK(again.message.body == "hello");
  CHECK(again.message.client_msg_id == "c-1");
  CHECK(repos.rooms.find(direct.id)->last_seq == 1);
  SUBCASE("the same clientMsgId from another sender is another message") {
    auto bobs = say(direct, bob, "hi", "c-1");
    CHECK_FALSE(bobs.duplicate);
    CHECK(bobs.message.seq == 2);
  }
}

TEST_CASE_FIXTURE(chat_fixture, "a reply's parent must be in the same room") {
  auto root = say(direct, alice, "root");
  auto reply = say(direct, bob, "reply", "", root.message.id);
  CHECK(reply.message.parent_id == root.message.id);
  try {
    say(group, bob, "wrong room", "", root.message.id);
    FAIL("a parent from another room must throw");
  } catch (const chat_error& e) {
    CHECK(e.code() == chat_errc::bad_request);
  }
  try {
    say(direct, bob, "no such parent", "", 9999);
    FAIL("an unknown parent must throw");
  } catch (const chat_error& e) {
    CHECK(e.code() == chat_errc::bad_request);
  }
  CHECK(repos.rooms.find(group.id)->last_seq == 0);  // refused before a seq was taken
}

TEST_CASE_FIXTURE(chat_fixture, "a message to an unknown room is not_found") {
  try {
    repos.messages.append({9999, alice.id, "x", 0, ""}, "t");
    FAIL("must throw");
  } catch (const chat_error& e) {
    CHECK(e.code() == chat_errc::not_found);
  }
}

TEST_CASE_FIXTURE(chat_fixture, "history pages backwards; sync catches up forwards") {
  for (int i = 1; i <= 10; ++i)
    say(group, i % 2 ? alice : bob, "m" + std::to_string(i));
  auto newest = repos.messages.before(group.id, 0, 4);  // 0: from the newest
  REQUIRE(newest.size() == 4);
  CHECK(newest.front().seq == 10);
  CHECK(newest.back().seq == 7);
  auto older = repos.messages.before(group.id, newest.back().seq, 4);
  REQUIRE(older.size() == 4);
  CHECK(older.front().seq == 6);
  auto catch_up = repos.messages.after(group.id, 8, 0);  // 0: no limit
  REQUIRE(catch_up.size() == 2);
  CHECK(catch_up[0].seq == 9);
  CHECK(catch_up[1].body == "m10");
  CHECK(catch_up[0].parent_id == 0);
  CHECK(catch_up[0].client_msg_id.empty());
  CHECK(repos.messages.after(group.id, 10, 50).empty());
  CHECK(repos.messages.after(direct.id, 0, 50).empty());
}

}
