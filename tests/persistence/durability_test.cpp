// --durability reaches SQLite: the writer's commits are fsync'd (synchronous=FULL) or only
// handed to the OS (NORMAL), both in WAL mode; readers are unaffected. The PostgreSQL side
// (synchronous_commit) is in postgres/connection_test.cpp.
#include <doctest/doctest.h>

#include "persistence/sqlite/sqlite_repositories.hpp"
#include "persistence/sqlite/sqlite_unit_of_work.hpp"
#include "tests/support/test_db.hpp"

using namespace chat::persistence;

namespace {

/// PRAGMA synchronous as SQLite reports it: 1 NORMAL, 2 FULL.
int synchronous_of(sqlite_repositories& repos) {
  return repos.db().execAndGet("PRAGMA synchronous").getInt();
}

}  // namespace

TEST_SUITE("durability") {

TEST_CASE("only full and normal are durability levels") {
  CHECK(parse_durability("full") == durability::full);
  CHECK(parse_durability("normal") == durability::normal);
  CHECK_FALSE(parse_durability("off"));
  CHECK_FALSE(parse_durability("FULL"));
  CHECK_FALSE(parse_durability(""));
}

TEST_CASE("the SQLite writer syncs every commit with full and only at checkpoints with normal") {
  chat::test::temp_dir dir;
  auto path = dir.file("chat.db");
  auto full = sqlite_repositories::open(path, db_role::writer, durability::full);
  CHECK(synchronous_of(*full) == 2);
  CHECK(full->db().execAndGet("PRAGMA journal_mode").getString() == "wal");
  full.reset();
  auto normal = sqlite_repositories::open(path, db_role::writer, durability::normal);
  CHECK(synchronous_of(*normal) == 1);
  CHECK(normal->db().execAndGet("PRAGMA journal_mode").getString() == "wal");
  auto reader = sqlite_repositories::open(path, db_role::reader, durability::full);
  CHECK(synchronous_of(*reader) == 1);
}

TEST_CASE("the default is full: an acknowledged write survives power loss unless told otherwise") {
  chat::test::temp_dir dir;
  auto writer = sqlite_repositories::open(dir.file("chat.db"), db_role::writer);
  CHECK(synchronous_of(*writer) == 2);
}

TEST_CASE("a store opened with normal durability commits and reads back like one with full") {
  chat::test::temp_dir dir;
  auto open = sqlite_opener(dir.file("chat.db"), durability::normal);
  auto writer = open(db_role::writer);
  std::vector<job> jobs{[](repositories& r) { r.users.create("ann", ""); }};
  CHECK_FALSE(writer->write_batch(jobs)[0]);
  bool found = false;
  open(db_role::reader)->read([&](repositories& r) { found = r.users.find_by_name("ann").has_value(); });
  CHECK(found);
}

}
