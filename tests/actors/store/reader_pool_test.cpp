// The reader pool: reads are answered while the store holds a write transaction open (WAL, MVCC),
// see only committed data, and report a job's chat_error as a caf::error.
#include <doctest/doctest.h>

#include <caf/all.hpp>

#include "actor_env.hpp"
#include "messages/caf_error.hpp"
#include "actors/store/reader_pool.hpp"
#include "actors/store/store_actor.hpp"
#include "tests/support/test_db.hpp"

using namespace chat;

namespace {

/// Whether a user of that name is visible to the readers.
bool user_exists(caf::scoped_actor& self, const reader_actor& readers, const std::string& name,
                 std::chrono::milliseconds timeout) {
  bool out = false;
  self->request(readers, timeout, account_atom_v, name)
    .receive([&](bool found, user_info&, std::string&) { out = found; },
             [](caf::error& e) { FAIL("a read failed or waited behind the write: " << message_of(e)); });
  return out;
}

}  // namespace

TEST_SUITE("reader_pool") {

TEST_CASE("readers answer while a write batch is in progress, and see only committed rows") {
  test::scratch_database db;
  test::gate gate;
  test::actor_env env;
  auto open = test::gated_opener(db.opener(), gate);
  auto store = spawn_store(env.sys, open);
  auto readers = spawn_readers(env.sys, open, 2);
  caf::scoped_actor writer{env.sys};
  caf::scoped_actor reader{env.sys};

  auto write = writer->request(store, test::reply_timeout, pseudo_login_atom_v, "dana", "t");
  REQUIRE(gate.wait_started());

  // The store is now inside its transaction with dana written but not committed.
  for (int i = 0; i < 4; ++i)  // round robin: every reader gets asked
    CHECK_FALSE(user_exists(reader, readers, "dana", std::chrono::seconds(2)));

  gate.release.set_value();
  write.receive([](user_info& u) { CHECK(u.username == "dana"); },
                [](caf::error& e) { FAIL(message_of(e)); });
  CHECK(user_exists(reader, readers, "dana", test::reply_timeout));
}

TEST_CASE("a contract error of a read comes back as that error") {
  test::scratch_database db;
  auto open = db.opener();
  test::actor_env env;
  auto store = spawn_store(env.sys, open);
  auto readers = spawn_readers(env.sys, open, 1);
  caf::scoped_actor self{env.sys};
  self->request(readers, test::reply_timeout, find_room_atom_v, chat::id_t{42})
    .receive([](room_info&) { FAIL("must fail"); },
             [](caf::error& e) { CHECK(errc_of(e) == chat_errc::not_found); });
  self->request(readers, test::reply_timeout, authenticate_atom_v, "no such token")
    .receive([](user_info&) { FAIL("must fail"); },
             [](caf::error& e) { CHECK(errc_of(e) == chat_errc::unauthorized); });
}

TEST_CASE("readers refuse to start on a database without a schema") {
  test::scratch_database db;
  test::actor_env env;
  CHECK_THROWS(spawn_readers(env.sys, db.opener(), 1));
}

}
