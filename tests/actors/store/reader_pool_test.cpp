// The reader pool: reads are answered while the store holds a write transaction open (WAL, MVCC),
// see only committed data, and report a job's chat_error as a caf::error.
#include <doctest/doctest.h>

#include <atomic>
#include <future>

#include <caf/all.hpp>

#include "actor_env.hpp"
#include "common/clock.hpp"
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

TEST_CASE("a token past its lifetime no longer authenticates, and a store started with a "
          "lifetime deletes it while fresh tokens stay") {
  test::scratch_database db;
  auto open = db.opener();
  test::actor_env env;
  caf::scoped_actor self{env.sys};
  auto authenticates = [&](const reader_actor& readers, const std::string& token_hash) {
    bool ok = false;
    self->request(readers, test::reply_timeout, authenticate_atom_v, token_hash)
      .receive([&](user_info& u) { ok = u.username == "dana"; },
               [&](caf::error& e) { CHECK(errc_of(e) == chat_errc::unauthorized); });
    return ok;
  };
  auto ageless = spawn_store(env.sys, open);
  for (const char* token : {"old", "fresh"})
    self->request(ageless, test::reply_timeout, pseudo_login_atom_v, "dana", token)
      .receive([](user_info&) {}, [](caf::error& e) { FAIL(message_of(e)); });
  // "old" was issued two days ago (the idle store holds no lock).
  db.execute("UPDATE tokens SET created_at = '"
             + iso8601(std::chrono::system_clock::now() - std::chrono::hours{48})
             + "' WHERE token_hash = 'old'");
  auto forever = spawn_readers(env.sys, open, 1);
  auto one_day = spawn_readers(env.sys, open, 1, reader_options{.token_ttl = std::chrono::hours{24}});
  CHECK(authenticates(forever, "old"));
  CHECK_FALSE(authenticates(one_day, "old"));
  CHECK(authenticates(one_day, "fresh"));

  // A store with a lifetime deletes expired tokens at start, in a batch that commits no later
  // than the first write it answers.
  auto store = spawn_store(env.sys, open, store_options{.token_ttl = std::chrono::hours{24}});
  self->request(store, test::reply_timeout, pseudo_login_atom_v, "erin", "e")
    .receive([](user_info&) {}, [](caf::error& e) { FAIL(message_of(e)); });
  CHECK_FALSE(authenticates(forever, "old"));
  CHECK(authenticates(forever, "fresh"));
  // Its next pruning is scheduled: only an exit stops it (as chatd's shutdown does).
  self->send_exit(store, caf::exit_reason::user_shutdown);
}

/// A reader connection whose reads all wait until the test opens the gate.
class held_reads final : public persistence::unit_of_work {
 public:
  held_reads(std::unique_ptr<persistence::unit_of_work> inner, std::shared_future<void> open,
             std::shared_ptr<std::atomic<int>> started)
    : inner_(std::move(inner)), open_(std::move(open)), started_(std::move(started)) {}
  std::vector<std::exception_ptr> write_batch(std::span<const persistence::job> jobs) override {
    return inner_->write_batch(jobs);
  }
  void read(const persistence::job& job) override {
    ++*started_;
    open_.wait_for(test::reply_timeout);  // bounded: a broken test must not hang
    inner_->read(job);
  }

 private:
  std::unique_ptr<persistence::unit_of_work> inner_;
  std::shared_future<void> open_;
  std::shared_ptr<std::atomic<int>> started_;
};

TEST_CASE("the readers' queue is bounded: past it, a page read is refused at once with "
          "overloaded, while a connection's start still queues, and all is served once the "
          "readers catch up") {
  test::scratch_database db;
  test::actor_env env;
  auto store = spawn_store(env.sys, db.opener());  // migrates
  std::promise<void> gate;
  auto open = gate.get_future().share();
  auto started = std::make_shared<std::atomic<int>>(0);
  auto readers = spawn_readers(
    env.sys,
    [&](persistence::db_role role) -> std::unique_ptr<persistence::unit_of_work> {
      return std::make_unique<held_reads>(db.opener()(role), open, started);
    },
    1, reader_options{.max_in_flight = 3});
  caf::scoped_actor self{env.sys};
  // Three history reads fill the bound: one runs (held), two wait.
  auto history = [&] {
    return self->request(readers, test::reply_timeout, before_atom_v, chat::id_t{1},
                         std::int64_t{100}, std::int32_t{10});
  };
  std::vector<decltype(history())> held;
  for (int i = 0; i < 3; ++i)
    held.push_back(history());
  // The fourth is refused without waiting for the held ones.
  self->request(readers, test::reply_timeout, after_atom_v, chat::id_t{1}, std::int64_t{0},
                std::int32_t{10})
    .receive([](std::vector<message_info>&) { FAIL("must be refused while the readers are full"); },
             [](caf::error& e) { CHECK(errc_of(e) == chat_errc::overloaded); });
  // A connection's start is not refused: it waits its turn.
  auto auth = self->request(readers, test::reply_timeout, room_ids_atom_v, chat::id_t{1});
  gate.set_value();
  for (auto& h : held)
    h.receive([](std::vector<message_info>& page) { CHECK(page.empty()); },
              [](caf::error& e) { FAIL(message_of(e)); });
  auth.receive([](std::vector<chat::id_t>& rooms) { CHECK(rooms.empty()); },
               [](caf::error& e) { FAIL(message_of(e)); });
  // Caught up: pages are served again.
  self->request(readers, test::reply_timeout, after_atom_v, chat::id_t{1}, std::int64_t{0},
                std::int32_t{10})
    .receive([](std::vector<message_info>& page) { CHECK(page.empty()); },
             [](caf::error& e) { FAIL(message_of(e)); });
  CHECK(*started >= 5);
}

TEST_CASE("readers refuse to start on a database without a schema") {
  test::scratch_database db;
  test::actor_env env;
  CHECK_THROWS(spawn_readers(env.sys, db.opener(), 1));
}

}
