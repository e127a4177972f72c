// The store actor's group commit: a crowd of concurrent writers is answered in full, only after
// COMMIT, in fewer transactions than jobs; a failing job rolls back alone.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <caf/all.hpp>

#include "actor_env.hpp"
#include "messages/caf_error.hpp"
#include "actors/store/store_actor.hpp"
#include "tests/support/test_db.hpp"

using namespace chat;

namespace {

struct seeded_store {
  test::temp_dir dir;
  std::string path = dir.file("chat.db");
  test::actor_env env;
  caf::actor store = spawn_store(env.sys, {path, 512});
  chat::id_t alice = 0;
  std::vector<chat::id_t> rooms;

  seeded_store() {
    caf::scoped_actor self{env.sys};
    self->request(store, test::reply_timeout, write_job{[](persistence::repositories& r) {
      auto a = r.users.create("alice", "");
      std::vector<chat::id_t> room_ids;
      for (int i = 0; i < 4; ++i)
        room_ids.push_back(r.rooms.create_group("room" + std::to_string(i), a.id, {}).id);
      return caf::make_message(a.id, room_ids);
    }}).receive(
      [&](chat::id_t id, std::vector<chat::id_t>& ids) { alice = id; rooms = std::move(ids); },
      [&](caf::error& e) { FAIL("seeding failed: " << message_of(e)); });
  }

  write_job append(chat::id_t room, std::string body) {
    return write_job{[=, sender = alice](persistence::repositories& r) {
      return caf::make_message(r.messages.append({room, sender, body, 0, ""}, "t").message);
    }};
  }

  store_stats stats() {
    caf::scoped_actor self{env.sys};
    store_stats out;
    self->request(store, test::reply_timeout, caf::get_atom_v, stats_atom_v)
      .receive([&](store_stats s) { out = s; },
               [&](caf::error& e) { FAIL("no stats: " << message_of(e)); });
    return out;
  }
};

}  // namespace

TEST_SUITE("store_actor") {

TEST_CASE_FIXTURE(seeded_store, "200 concurrent writers: all answered, durable, group-committed") {
  constexpr int threads = 4, per_thread = 50;
  std::atomic<int> answered{0}, visible{0}, failed{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([&, t] {
      // A second connection: a reply must mean the row is committed and visible to others.
      SQLite::Database reader{path, SQLite::OPEN_READONLY};
      SQLite::Statement find{reader, "SELECT count(*) FROM messages WHERE id = ?1"};
      caf::scoped_actor self{env.sys};
      std::vector<decltype(self->request(store, test::reply_timeout, write_job{}))> pending;
      for (int i = 0; i < per_thread; ++i) {  // all requests out before the first answer
        auto room = rooms[static_cast<std::size_t>((t * per_thread + i) % 4)];
        auto body = "t" + std::to_string(t) + "#" + std::to_string(i);
        pending.push_back(self->request(store, test::reply_timeout, append(room, body)));
      }
      for (auto& p : pending)
        p.receive(
          [&](message_info& m) {
            ++answered;
            find.reset();
            find.bind(1, m.id);
            find.executeStep();
            if (find.getColumn(0).getInt() == 1)
              ++visible;
          },
          [&](caf::error&) { ++failed; });
    });
  for (auto& w : writers)
    w.join();
  CHECK(failed == 0);
  CHECK(answered == threads * per_thread);
  CHECK(visible == threads * per_thread);

  auto s = stats();
  CHECK(s.jobs == threads * per_thread + 1);  // + the seeding job
  CHECK(s.transactions < s.jobs);
  MESSAGE("jobs " << s.jobs << ", transactions " << s.transactions);

  SQLite::Database check{path, SQLite::OPEN_READONLY};
  for (auto room : rooms) {  // seq gapless per room despite the interleaving
    SQLite::Statement q{check, "SELECT count(*), max(seq) FROM messages WHERE room_id = ?1"};
    q.bind(1, room);
    q.executeStep();
    CHECK(q.getColumn(0).getInt() == q.getColumn(1).getInt());
    CHECK(q.getColumn(0).getInt() == threads * per_thread / 4);
  }
}

TEST_CASE_FIXTURE(seeded_store, "a failing job rolls back alone; its batch-mates commit") {
  auto started = std::make_shared<std::promise<void>>();
  std::promise<void> release;
  caf::scoped_actor self{env.sys};
  auto before = stats();
  // Hold the store inside a batch so the next three jobs queue up and form one batch together.
  auto blocker = self->request(store, test::reply_timeout,
                               test::blocking_job(started, release.get_future().share(), "bob"));
  REQUIRE(started->get_future().wait_for(test::reply_timeout) == std::future_status::ready);
  auto first = self->request(store, test::reply_timeout, append(rooms[0], "first"));
  auto failing = self->request(store, test::reply_timeout,
                               write_job{[](persistence::repositories& r) -> caf::message {
                                 r.users.create("ghost", "");  // written, then rolled back
                                 throw chat_error(chat_errc::bad_request, "nope");
                               }});
  auto last = self->request(store, test::reply_timeout, append(rooms[0], "last"));
  release.set_value();

  blocker.receive([](user_info&) {}, [](caf::error& e) { FAIL(message_of(e)); });
  std::int64_t first_seq = 0, last_seq = 0;
  first.receive([&](message_info& m) { first_seq = m.seq; },
                [](caf::error& e) { FAIL(message_of(e)); });
  failing.receive([](caf::message&) { FAIL("the failing job must fail"); },
                  [](caf::error& e) {
                    CHECK(errc_of(e) == chat_errc::bad_request);
                    CHECK(message_of(e) == "nope");
                  });
  last.receive([&](message_info& m) { last_seq = m.seq; },
               [](caf::error& e) { FAIL(message_of(e)); });
  CHECK(last_seq == first_seq + 1);

  auto after = stats();
  CHECK(after.jobs - before.jobs == 4);
  CHECK(after.transactions - before.transactions == 2);  // the blocker's batch + one for three
  SQLite::Database check{path, SQLite::OPEN_READONLY};
  CHECK(check.execAndGet("SELECT count(*) FROM users WHERE username = 'ghost'").getInt() == 0);
  CHECK(check.execAndGet("SELECT count(*) FROM users WHERE username = 'bob'").getInt() == 1);
}

TEST_CASE("with max_batch 1 every write is its own transaction") {
  test::temp_dir dir;
  test::actor_env env;
  auto store = spawn_store(env.sys, {dir.file("chat.db"), 1});
  caf::scoped_actor self{env.sys};
  std::vector<decltype(self->request(store, test::reply_timeout, write_job{}))> pending;
  for (int i = 0; i < 20; ++i)
    pending.push_back(self->request(store, test::reply_timeout,
                                    write_job{[i](persistence::repositories& r) {
                                      return caf::make_message(
                                        r.users.create("u" + std::to_string(i), ""));
                                    }}));
  for (auto& p : pending)
    p.receive([](user_info&) {}, [](caf::error& e) { FAIL(message_of(e)); });
  self->request(store, test::reply_timeout, caf::get_atom_v, stats_atom_v)
    .receive([](store_stats s) { CHECK(s.transactions == s.jobs); },
             [](caf::error& e) { FAIL(message_of(e)); });
}

}
