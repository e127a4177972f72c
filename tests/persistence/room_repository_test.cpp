// Rooms on a fresh database of the backend under test (SQLite :memory: or PostgreSQL) — one
// direct room per pair, groups and members, the room list (order, pages, last message, unread)
// and read markers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/test_db.hpp"

using namespace chat;

namespace {

struct people {
  std::unique_ptr<test::test_repositories> db = test::fresh_db();
  persistence::repositories& repos = db->get();
  user_info alice = repos.users.create("alice", "");
  user_info bob = repos.users.create("bob", "");
  user_info carol = repos.users.create("carol", "");

  void say(chat::id_t room, const user_info& who, const std::string& at) {
    repos.messages.append({room, who.id, "at " + at, 0, ""}, at);
  }
};

template <class F>
chat_errc error_of(F&& f) {
  try {
    f();
  } catch (const chat_error& e) {
    return e.code();
  }
  FAIL("expected a chat_error");
  return chat_errc::internal;
}

}  // namespace

TEST_SUITE("rooms") {

TEST_CASE_FIXTURE(people, "alice and bob have one direct room, whoever opens it") {
  bool created = false;
  auto room = repos.rooms.get_or_create_direct(alice.id, bob.id, created);
  CHECK(created);
  CHECK(room.kind == "direct");
  CHECK(room.name.empty());
  CHECK(room.members.size() == 2);
  auto again = repos.rooms.get_or_create_direct(bob.id, alice.id, created);
  CHECK_FALSE(created);
  CHECK(again.id == room.id);
  CHECK(repos.rooms.get_or_create_direct(alice.id, carol.id, created).id != room.id);
  CHECK(created);
}

TEST_CASE_FIXTURE(people, "a direct room with oneself or a stranger is refused") {
  bool created = false;
  CHECK(error_of([&] { repos.rooms.get_or_create_direct(alice.id, alice.id, created); })
        == chat_errc::bad_request);
  CHECK(error_of([&] { repos.rooms.get_or_create_direct(alice.id, 999, created); })
        == chat_errc::not_found);
}

TEST_CASE_FIXTURE(people, "a group gathers its creator and members; members come and go") {
  std::vector<chat::id_t> members{bob.id, bob.id, alice.id};  // duplicates are ignored
  auto team = repos.rooms.create_group("team", alice.id, members);
  CHECK(team.kind == "group");
  CHECK(team.name == "team");
  CHECK(team.members.size() == 2);
  CHECK(repos.rooms.is_member(team.id, bob.id));
  CHECK_FALSE(repos.rooms.is_member(team.id, carol.id));

  std::vector<chat::id_t> add{carol.id};
  CHECK(repos.rooms.add_members(team.id, add).members.size() == 3);
  CHECK(repos.rooms.room_ids_of(carol.id) == std::vector<chat::id_t>{team.id});
  repos.rooms.remove_member(team.id, bob.id);
  repos.rooms.remove_member(team.id, bob.id);  // no-op the second time
  CHECK_FALSE(repos.rooms.is_member(team.id, bob.id));
  CHECK(repos.rooms.find(team.id)->members.size() == 2);

  std::vector<chat::id_t> stranger{999};
  CHECK(error_of([&] { repos.rooms.add_members(team.id, stranger); }) == chat_errc::not_found);
  CHECK(error_of([&] { repos.rooms.add_members(12345, add); }) == chat_errc::not_found);
  CHECK(error_of([&] { repos.rooms.create_group("x", alice.id, stranger); })
        == chat_errc::not_found);
  CHECK_FALSE(repos.rooms.find(12345));
}

TEST_CASE_FIXTURE(people, "alice's rooms: newest activity first, in pages, with unread counts") {
  bool created = false;
  auto with_bob = repos.rooms.get_or_create_direct(alice.id, bob.id, created).id;
  auto with_carol = repos.rooms.get_or_create_direct(alice.id, carol.id, created).id;
  std::vector<chat::id_t> all{bob.id, carol.id};
  auto team = repos.rooms.create_group("team", alice.id, all).id;
  auto bob_and_carol = repos.rooms.get_or_create_direct(bob.id, carol.id, created).id;

  say(with_carol, carol, "2099-01-01T00:00:01.000Z");
  say(team, bob, "2099-01-01T00:00:02.000Z");
  say(team, alice, "2099-01-01T00:00:03.000Z");
  say(with_bob, bob, "2099-01-01T00:00:04.000Z");
  say(with_bob, bob, "2099-01-01T00:00:05.000Z");
  say(bob_and_carol, bob, "2099-01-01T00:00:06.000Z");

  auto first = repos.rooms.list_for(alice.id, "", 2);
  REQUIRE(first.rooms.size() == 2);
  CHECK(first.rooms[0].room.id == with_bob);
  CHECK(first.rooms[0].unread == 2);
  REQUIRE(first.rooms[0].last_message);
  CHECK(first.rooms[0].last_message->seq == 2);
  CHECK(first.rooms[1].room.id == team);
  CHECK(first.rooms[1].unread == 1);  // bob's; alice's own message is not unread
  CHECK(first.rooms[1].room.members.size() == 3);
  REQUIRE_FALSE(first.next_cursor.empty());

  auto second = repos.rooms.list_for(alice.id, first.next_cursor, 2);
  REQUIRE(second.rooms.size() == 1);
  CHECK(second.rooms[0].room.id == with_carol);
  CHECK(second.next_cursor.empty());

  SUBCASE("reading moves the unread count") {
    repos.read_markers.mark(with_bob, alice.id, 1);
    CHECK(repos.rooms.list_for(alice.id, "", 1).rooms[0].unread == 1);
  }
  SUBCASE("a room without messages has no last message") {
    auto quiet = repos.rooms.create_group("quiet", carol.id, {});
    auto page = repos.rooms.list_for(carol.id, "", 50);
    REQUIRE(page.rooms.size() == 4);
    CHECK(page.rooms.back().room.id == quiet.id);  // created now: older than 2099
    CHECK_FALSE(page.rooms.back().last_message);
    CHECK(page.rooms.back().unread == 0);
  }
  SUBCASE("a garbled cursor is a bad request") {
    CHECK(error_of([&] { repos.rooms.list_for(alice.id, "garbage", 2); })
          == chat_errc::bad_request);
  }
}

}

TEST_SUITE("read_markers") {

TEST_CASE_FIXTURE(people, "a read marker moves forward only, and never past the last message") {
  bool created = false;
  auto room = repos.rooms.get_or_create_direct(alice.id, bob.id, created).id;
  for (int i = 0; i < 5; ++i)
    say(room, bob, "2099-01-01T00:00:0" + std::to_string(i) + ".000Z");
  auto& markers = repos.read_markers;
  CHECK(markers.get(room, alice.id) == 0);
  CHECK(markers.mark(room, alice.id, 3) == 3);
  CHECK(markers.mark(room, alice.id, 2) == 3);  // never backwards
  CHECK(markers.get(room, alice.id) == 3);
  CHECK(markers.mark(room, alice.id, 99) == 5);  // clamped to the room's last seq
  CHECK(markers.get(room, bob.id) == 0);  // per user
  CHECK(error_of([&] { markers.mark(12345, alice.id, 1); }) == chat_errc::not_found);
}

}
