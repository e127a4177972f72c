// Migrations: an empty file reaches the latest schema; every older version upgrades with its
// data intact; migrating again changes nothing.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include "persistence/sqlite/database.hpp"
#include "persistence/sqlite/migrations.hpp"
#include "tests/support/test_db.hpp"

using namespace chat::persistence;

namespace {

bool has_table(SQLite::Database& db, const std::string& name) {
  SQLite::Statement q{db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1"};
  q.bind(1, name);
  return q.executeStep();
}

bool has_index(SQLite::Database& db, const std::string& name) {
  SQLite::Statement q{db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1"};
  q.bind(1, name);
  return q.executeStep();
}

void check_latest_schema(SQLite::Database& db) {
  CHECK(schema_version(db) == latest_schema_version());
  for (auto table : {"users", "tokens", "rooms", "room_members", "messages", "read_markers"})
    CHECK_MESSAGE(has_table(db, table), table);
  CHECK(has_index(db, "room_members_by_user"));
  CHECK(has_index(db, "messages_dedupe"));
}

/// Some rows that only need the tables of `version`.
void seed(SQLite::Database& db, int version) {
  if (version >= 1) {
    db.exec("INSERT INTO users (id, username, password_hash, created_at) "
            "VALUES (1, 'alice', 'h', 't'), (2, 'bob', NULL, 't')");
    db.exec("INSERT INTO tokens VALUES ('abc', 1, 't')");
  }
  if (version >= 2) {
    db.exec("INSERT INTO rooms (id, kind, name, last_seq, direct_key, created_at, last_activity) "
            "VALUES (10, 'direct', NULL, 0, '1:2', 't', 't')");
    db.exec("INSERT INTO room_members VALUES (10, 1), (10, 2)");
  }
  if (version >= 3) {
    db.exec("UPDATE rooms SET last_seq = 1 WHERE id = 10");
    db.exec("INSERT INTO messages (room_id, seq, sender_id, body, created_at) "
            "VALUES (10, 1, 1, 'hi bob', 't')");
  }
}

}  // namespace

TEST_SUITE("migrations") {

TEST_CASE("an empty file is migrated to the latest schema, logging each step") {
  chat::test::temp_dir dir;
  auto db = open_database(dir.file("chat.db"), db_role::writer);
  CHECK(schema_version(db) == 0);
  CHECK(migrate(db) == latest_schema_version());
  check_latest_schema(db);
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
}

TEST_CASE("running the migrations twice is a no-op") {
  chat::test::temp_dir dir;
  auto db = open_database(dir.file("chat.db"), db_role::writer);
  migrate(db);
  seed(db, latest_schema_version());
  CHECK(migrate(db) == 0);
  check_latest_schema(db);
  CHECK(db.execAndGet("SELECT count(*) FROM messages").getInt() == 1);
}

TEST_CASE("every earlier version upgrades to the latest with its data intact") {
  for (int k = 1; k < latest_schema_version(); ++k) {
    CAPTURE(k);
    chat::test::temp_dir dir;
    auto path = dir.file("chat.db");
    {
      auto db = open_database(path, db_role::writer);
      CHECK(migrate(db, k) == k);
      CHECK(schema_version(db) == k);
      seed(db, k);
    }
    auto db = open_database(path, db_role::writer);  // a later start of a newer build
    CHECK(migrate(db) == latest_schema_version() - k);
    check_latest_schema(db);
    CHECK(db.execAndGet("SELECT username FROM users WHERE id = 1").getString() == "alice");
    CHECK(db.execAndGet("SELECT user_id FROM tokens WHERE token_hash = 'abc'").getInt() == 1);
    if (k >= 2)
      CHECK(db.execAndGet("SELECT count(*) FROM room_members WHERE room_id = 10").getInt() == 2);
    if (k >= 3)
      CHECK(db.execAndGet("SELECT body FROM messages WHERE seq = 1").getString() == "hi bob");
  }
}

TEST_CASE("a database newer than this build is refused") {
  chat::test::temp_dir dir;
  auto db = open_database(dir.file("chat.db"), db_role::writer);
  db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  CHECK_THROWS(migrate(db));
}

}
