// Users and tokens on a fresh database of the backend under test (SQLite :memory: or
// PostgreSQL) — registration, pseudo-auth get-or-create, listing, tokens.
#include <doctest/doctest.h>

#include "common/clock.hpp"
#include "tests/support/test_db.hpp"

using chat::chat_errc;
using chat::chat_error;

TEST_SUITE("users") {

TEST_CASE("alice registers; a second alice is a conflict") {
  auto db = chat::test::fresh_db();
  auto& users = db->get().users;
  auto alice = users.create("alice", "hash-a");
  CHECK(alice.id > 0);
  CHECK(alice.username == "alice");
  try {
    users.create("alice", "hash-b");
    FAIL("a taken username must throw");
  } catch (const chat_error& e) {
    CHECK(e.code() == chat_errc::conflict);
  }
  auto found = users.find_by_name("alice");
  REQUIRE(found);
  CHECK(found->user.id == alice.id);
  CHECK(found->password_hash == "hash-a");
}

TEST_CASE("pseudo-auth: get_or_create returns the same user every time, without a password") {
  auto db = chat::test::fresh_db();
  auto& users = db->get().users;
  auto first = users.get_or_create("carol");
  auto again = users.get_or_create("carol");
  CHECK(first.id == again.id);
  CHECK(users.find_by_name("carol")->password_hash.empty());
  CHECK(users.find(first.id)->username == "carol");
  CHECK_FALSE(users.find(first.id + 100));
  CHECK_FALSE(users.find_by_name("nobody"));
}

TEST_CASE("the user list skips the caller, is ordered by name and pages by name") {
  auto db = chat::test::fresh_db();
  auto& users = db->get().users;
  auto me = users.create("mallory", "");
  for (auto name : {"dave", "bob", "erin", "alice", "carol"})
    users.create(name, "");
  auto page1 = users.list(me.id, "", 3);
  REQUIRE(page1.size() == 3);
  CHECK(page1[0].username == "alice");
  CHECK(page1[2].username == "carol");
  auto page2 = users.list(me.id, page1.back().username, 3);
  REQUIRE(page2.size() == 2);
  CHECK(page2[0].username == "dave");
  CHECK(page2[1].username == "erin");
}

}

TEST_SUITE("tokens") {

TEST_CASE("a token is inserted, looked up and removed once") {
  auto db = chat::test::fresh_db();
  auto alice = db->get().users.create("alice", "");
  auto& tokens = db->get().tokens;
  tokens.insert("feedbeef", alice.id);
  CHECK(tokens.user_of("feedbeef", "") == alice.id);
  CHECK_FALSE(tokens.user_of("deadbeef", ""));
  CHECK(tokens.remove("feedbeef"));
  CHECK_FALSE(tokens.remove("feedbeef"));
  CHECK_FALSE(tokens.user_of("feedbeef", ""));
}

TEST_CASE("a token issued before the cut-off has expired: it names nobody, and pruning deletes "
          "it and only it") {
  auto db = chat::test::fresh_db();
  auto alice = db->get().users.create("alice", "");
  auto& tokens = db->get().tokens;
  auto before = chat::iso8601(std::chrono::system_clock::now() - std::chrono::seconds{1});
  tokens.insert("feedbeef", alice.id);
  auto after = chat::iso8601(std::chrono::system_clock::now() + std::chrono::hours{1});
  CHECK(tokens.user_of("feedbeef", before) == alice.id);  // issued after `before`: valid
  CHECK_FALSE(tokens.user_of("feedbeef", after));         // issued before `after`: expired
  CHECK(tokens.remove_issued_before(before) == 0);
  CHECK(tokens.user_of("feedbeef", "") == alice.id);
  CHECK(tokens.remove_issued_before(after) == 1);
  CHECK_FALSE(tokens.user_of("feedbeef", ""));
}

TEST_CASE("a token for an unknown user is refused") {
  auto db = chat::test::fresh_db();
  try {
    db->get().tokens.insert("feedbeef", 42);
    FAIL("must throw");
  } catch (const chat_error& e) {
    CHECK(e.code() == chat_errc::not_found);
  }
}

}
