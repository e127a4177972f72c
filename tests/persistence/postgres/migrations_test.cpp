// PostgreSQL migrations: an empty database reaches the latest schema (the same version as
// SQLite's); every older version upgrades with its data intact; migrating again changes nothing;
// a newer database is refused; several processes starting at once apply each step once.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <pqxx/nontransaction>

#include "persistence/postgres/migrations.hpp"
#include "persistence/postgres/pg_unit_of_work.hpp"
#include "persistence/sqlite/migrations.hpp"
#include "tests/support/test_db.hpp"

using namespace chat::persistence;
namespace pg = chat::persistence::postgres;

namespace {

std::string one(pqxx::connection& c, const std::string& sql) {
  pqxx::nontransaction tx{c};
  auto r = tx.exec(sql);
  return r.empty() || r[0][0].is_null() ? std::string{} : r[0][0].as<std::string>();
}

void check_latest_schema(pqxx::connection& c) {
  CHECK(pg::schema_version(c) == pg::latest_schema_version());
  for (auto table : {"users", "tokens", "rooms", "room_members", "messages", "read_markers"})
    CHECK_MESSAGE(one(c, std::string{"SELECT to_regclass('"} + table + "')") == table, table);
  CHECK(one(c, "SELECT to_regclass('room_members_by_user')") == "room_members_by_user");
  CHECK(one(c, "SELECT to_regclass('messages_dedupe')") == "messages_dedupe");
}

/// Some rows that only need the tables of `version`.
void seed(pqxx::connection& c, int version) {
  pqxx::nontransaction tx{c};
  if (version >= 1) {
    tx.exec("INSERT INTO users (id, username, password_hash, created_at) "
            "VALUES (1, 'alice', 'h', 't'), (2, 'bob', NULL, 't')");
    tx.exec("INSERT INTO tokens VALUES ('abc', 1, 't')");
  }
  if (version >= 2) {
    tx.exec("INSERT INTO rooms (id, kind, name, last_seq, direct_key, created_at, last_activity) "
            "VALUES (10, 'direct', NULL, 0, '1:2', 't', 't')");
    tx.exec("INSERT INTO room_members VALUES (10, 1), (10, 2)");
  }
  if (version >= 3) {
    tx.exec("UPDATE rooms SET last_seq = 1 WHERE id = 10");
    tx.exec("INSERT INTO messages (room_id, seq, sender_id, body, created_at) "
            "VALUES (10, 1, 1, 'hi bob', 't')");
  }
}

}  // namespace

TEST_SUITE("pg_migrations") {

TEST_CASE("an empty database reaches the latest schema, the same version as SQLite's") {
  chat::test::postgres_database db;
  pqxx::connection c{db.url()};
  CHECK(pg::schema_version(c) == 0);
  CHECK(pg::migrate(c) == pg::latest_schema_version());
  check_latest_schema(c);
  CHECK(pg::latest_schema_version() == latest_schema_version());  // SQLite's
}

TEST_CASE("running the migrations twice is a no-op") {
  chat::test::postgres_database db;
  pqxx::connection c{db.url()};
  pg::migrate(c);
  seed(c, pg::latest_schema_version());
  CHECK(pg::migrate(c) == 0);
  check_latest_schema(c);
  CHECK(one(c, "SELECT count(*) FROM messages") == "1");
}

TEST_CASE("every earlier version upgrades to the latest with its data intact") {
  for (int k = 1; k < pg::latest_schema_version(); ++k) {
    CAPTURE(k);
    chat::test::postgres_database db;
    {
      pqxx::connection c{db.url()};
      CHECK(pg::migrate(c, k) == k);
      CHECK(pg::schema_version(c) == k);
      seed(c, k);
    }
    pqxx::connection c{db.url()};  // a later start of a newer build
    CHECK(pg::migrate(c) == pg::latest_schema_version() - k);
    check_latest_schema(c);
    CHECK(one(c, "SELECT username FROM users WHERE id = 1") == "alice");
    CHECK(one(c, "SELECT user_id FROM tokens WHERE token_hash = 'abc'") == "1");
    if (k >= 2)
      CHECK(one(c, "SELECT count(*) FROM room_members WHERE room_id = 10") == "2");
    if (k >= 3)
      CHECK(one(c, "SELECT body FROM messages WHERE seq = 1") == "hi bob");
  }
}

TEST_CASE("a database newer than this build is refused by the writer and the readers") {
  chat::test::postgres_database db;
  {
    pqxx::connection c{db.url()};
    pg::migrate(c);
    pqxx::nontransaction tx{c};
    tx.exec("UPDATE chatd_schema SET version = version + 1");
  }
  auto open = postgres_opener(db.url());
  CHECK_THROWS_WITH(open(db_role::writer), doctest::Contains("newer than this build"));
  CHECK_THROWS_WITH(open(db_role::reader), doctest::Contains("newer than this build"));
}

TEST_CASE("a reader refuses a database nobody migrated") {
  chat::test::postgres_database db;
  CHECK_THROWS_WITH(postgres_opener(db.url())(db_role::reader),
                    doctest::Contains("older than this build"));
}

TEST_CASE("three chatd starting at once on an empty database apply each step exactly once") {
  chat::test::postgres_database db;
  std::atomic<int> applied{0}, failed{0};
  std::vector<std::thread> starters;
  for (int i = 0; i < 3; ++i)
    starters.emplace_back([&] {
      try {
        pqxx::connection c{db.url()};
        applied += pg::migrate(c);
      } catch (...) {
        ++failed;
      }
    });
  for (auto& t : starters)
    t.join();
  CHECK(failed == 0);
  CHECK(applied == pg::latest_schema_version());
  pqxx::connection c{db.url()};
  check_latest_schema(c);
}

}
