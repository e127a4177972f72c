// The reader pool: reads are answered while the store holds a write transaction open (WAL),
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

read_job count_users_named(std::string name) {
  return read_job{[name](persistence::repositories& r) {
    return caf::make_message(r.users.find_by_name(name).has_value());
  }};
}

}  // namespace

TEST_SUITE("reader_pool") {

TEST_CASE("readers answer while a write batch is in progress, and see only committed rows") {
  test::temp_dir dir;
  auto path = dir.file("chat.db");
  test::actor_env env;
  auto store = spawn_store(env.sys, {path, 512});
  auto readers = spawn_readers(env.sys, path, 2);
  caf::scoped_actor writer{env.sys};
  caf::scoped_actor reader{env.sys};

  auto started = std::make_shared<std::promise<void>>();
  std::promise<void> release;
  auto write = writer->request(store, test::reply_timeout,
                               test::blocking_job(started, release.get_future().share(), "dana"));
  REQUIRE(started->get_future().wait_for(test::reply_timeout) == std::future_status::ready);

  // The store is now inside its transaction with dana written but not committed.
  for (int i = 0; i < 4; ++i)  // round robin: every reader gets one
    reader->request(readers, std::chrono::seconds(2), count_users_named("dana"))
      .receive([](bool found) { CHECK_FALSE(found); },
               [](caf::error& e) { FAIL("a read waited behind the write: " << message_of(e)); });

  release.set_value();
  write.receive([](user_info& u) { CHECK(u.username == "dana"); },
                [](caf::error& e) { FAIL(message_of(e)); });
  reader->request(readers, test::reply_timeout, count_users_named("dana"))
    .receive([](bool found) { CHECK(found); }, [](caf::error& e) { FAIL(message_of(e)); });
}

TEST_CASE("a read job's chat_error comes back as that error") {
  test::temp_dir dir;
  auto path = dir.file("chat.db");
  test::actor_env env;
  auto store = spawn_store(env.sys, {path, 512});
  auto readers = spawn_readers(env.sys, path, 1);
  caf::scoped_actor self{env.sys};
  self->request(readers, test::reply_timeout, read_job{[](persistence::repositories& r) {
         return caf::make_message(r.rooms.list_for(1, "garbage", 10).rooms.size());
       }})
    .receive([](std::size_t) { FAIL("must fail"); },
             [](caf::error& e) { CHECK(errc_of(e) == chat_errc::bad_request); });
}

TEST_CASE("a write slipped into a read job fails instead of competing with the store") {
  test::temp_dir dir;
  auto path = dir.file("chat.db");
  test::actor_env env;
  auto store = spawn_store(env.sys, {path, 512});
  auto readers = spawn_readers(env.sys, path, 1);
  caf::scoped_actor self{env.sys};
  self->request(readers, test::reply_timeout, read_job{[](persistence::repositories& r) {
         return caf::make_message(r.users.create("eve", ""));
       }})
    .receive([](user_info&) { FAIL("a reader must not write"); },
             [](caf::error& e) { CHECK(errc_of(e) == chat_errc::internal); });
}

TEST_CASE("readers refuse to start on a database without a schema") {
  test::temp_dir dir;
  test::actor_env env;
  CHECK_THROWS(spawn_readers(env.sys, dir.file("empty.db"), 1));
}

}
