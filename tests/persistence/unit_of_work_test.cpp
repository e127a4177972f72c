// The unit of work on the backend under test: a write batch isolates each job (a throwing job is
// undone alone, its exception kept in its slot) and commits the rest; a reader connection
// refuses writes.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "tests/support/test_db.hpp"

using namespace chat;
using persistence::repositories;

TEST_SUITE("unit_of_work") {

TEST_CASE("a throwing job is rolled back alone; the batch commits the others") {
  test::scratch_database db;
  auto open = db.opener();
  auto writer = open(persistence::db_role::writer);
  std::vector<persistence::job> jobs{
    [](repositories& r) { r.users.create("ann", ""); },
    [](repositories& r) {
      r.users.create("ghost", "");  // written, then undone with its job
      throw std::runtime_error("nope");
    },
    [](repositories& r) { r.users.create("ben", ""); },
  };
  auto failures = writer->write_batch(jobs);
  REQUIRE(failures.size() == 3);
  CHECK_FALSE(failures[0]);
  CHECK(failures[1]);
  CHECK_FALSE(failures[2]);
  CHECK_THROWS_WITH_AS(std::rethrow_exception(failures[1]), "nope", std::runtime_error);

  auto reader = open(persistence::db_role::reader);
  bool ann = false, ghost = true, ben = false;
  reader->read([&](repositories& r) {
    ann = r.users.find_by_name("ann").has_value();
    ghost = r.users.find_by_name("ghost").has_value();
    ben = r.users.find_by_name("ben").has_value();
  });
  CHECK(ann);
  CHECK_FALSE(ghost);
  CHECK(ben);
}

TEST_CASE("a read that tries to write fails instead of competing with the writer") {
  test::scratch_database db;
  auto open = db.opener();
  auto writer = open(persistence::db_role::writer);  // migrates the schema
  auto reader = open(persistence::db_role::reader);
  CHECK_THROWS(reader->read([](repositories& r) { r.users.create("eve", ""); }));
  // The connection is usable afterwards: the failed read was rolled back.
  bool found = true;
  reader->read([&](repositories& r) { found = r.users.find_by_name("eve").has_value(); });
  CHECK_FALSE(found);
}

TEST_CASE("an error thrown by a read reaches the caller") {
  test::scratch_database db;
  auto open = db.opener();
  auto writer = open(persistence::db_role::writer);
  CHECK_THROWS_AS(writer->read([](repositories& r) { r.rooms.list_for(1, "garbage", 10); }),
                  chat_error);
}

}
