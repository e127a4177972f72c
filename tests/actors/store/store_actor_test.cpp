// The store actor's group commit: a crowd of concurrent writers is answered in full, only after
// the commit, in fewer transactions than writes; a failing write rolls back alone; a commit
// window keeps a batch open for writes that come a little later.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actor_env.hpp"
#include "messages/caf_error.hpp"
#include "actors/store/store_actor.hpp"
#include "tests/support/test_db.hpp"

using namespace chat;

namespace {

/// Reads on a connection of its own, outside the store: what a reply promised must be there.
template <class F>
void read_committed(const persistence::unit_of_work_opener& open, F&& f) {
  auto reader = open(persistence::db_role::reader);
  reader->read([&](persistence::repositories& r) { f(r); });
}

struct seeded_store {
  test::scratch_database db;
  test::gate gate;
  test::actor_env env;
  store_actor store = spawn_store(env.sys, test::gated_opener(db.opener(), gate));
  chat::id_t alice = 0;
  std::vector<chat::id_t> rooms;

  seeded_store() {
    caf::scoped_actor self{env.sys};
    gate.release.set_value();  // tests that hold a batch open use a store of their own
    self->request(store, test::reply_timeout, pseudo_login_atom_v, "alice", "alice-token")
      .receive([&](user_info& u) { alice = u.id; },
               [&](caf::error& e) { FAIL("seeding failed: " << message_of(e)); });
    for (int i = 0; i < 4; ++i)
      self->request(store, test::reply_timeout, group_new_atom_v, "room" + std::to_string(i),
                    alice, std::vector<chat::id_t>{})
        .receive([&](room_info& room) { rooms.push_back(room.id); },
                 [&](caf::error& e) { FAIL("seeding failed: " << message_of(e)); });
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

constexpr int seeding_writes = 5;  // alice and her four rooms

}  // namespace

TEST_SUITE("store_actor") {

TEST_CASE_FIXTURE(seeded_store, "200 concurrent writers: all answered, durable, group-committed") {
  constexpr int threads = 4, per_thread = 50;
  std::atomic<int> answered{0}, visible{0}, failed{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([&, t] {
      // A second connection: a reply must mean the row is committed and visible to others.
      auto reader = db.opener()(persistence::db_role::reader);
      caf::scoped_actor self{env.sys};
      using pending_t = decltype(self->request(store, test::reply_timeout, append_atom_v,
                                               chat::id_t{}, chat::id_t{}, std::string{},
                                               chat::id_t{}, std::string{}));
      std::vector<pending_t> pending;
      for (int i = 0; i < per_thread; ++i) {  // all requests out before the first answer
        auto room = rooms[static_cast<std::size_t>((t * per_thread + i) % 4)];
        auto body = "t" + std::to_string(t) + "#" + std::to_string(i);
        pending.push_back(self->request(store, test::reply_timeout, append_atom_v, room, alice,
                                        body, chat::id_t{0}, std::string{}));
      }
      for (auto& p : pending)
        p.receive(
          [&](message_info& m, bool) {
            ++answered;
            reader->read([&](persistence::repositories& r) {
              auto stored = r.messages.after(m.room_id, m.seq - 1, 1);
              if (stored.size() == 1 && stored[0].id == m.id && stored[0].body == m.body)
                ++visible;
            });
          },
          [&](caf::error&) { ++failed; });
    });
  for (auto& w : writers)
    w.join();
  CHECK(failed == 0);
  CHECK(answered == threads * per_thread);
  CHECK(visible == threads * per_thread);

  auto s = stats();
  CHECK(s.jobs == threads * per_thread + seeding_writes);
  CHECK(s.transactions < s.jobs);
  MESSAGE("jobs " << s.jobs << ", transactions " << s.transactions);

  read_committed(db.opener(), [&](persistence::repositories& r) {
    for (auto room : rooms) {  // seq gapless per room despite the interleaving
      auto stored = r.messages.after(room, 0, 0);
      REQUIRE(stored.size() == threads * per_thread / 4);
      for (std::size_t i = 0; i < stored.size(); ++i)
        CHECK(stored[i].seq == static_cast<std::int64_t>(i + 1));
    }
  });
}

TEST_CASE("a failing write rolls back alone; its batch-mates commit") {
  test::scratch_database db;
  test::gate gate;
  test::actor_env env;
  auto store = spawn_store(env.sys, test::gated_opener(db.opener(), gate));
  caf::scoped_actor self{env.sys};
  auto failed = [](caf::error& e) { FAIL(message_of(e)); };
  // Hold the store inside a batch so the next three writes queue up and form one batch.
  auto blocker = self->request(store, test::reply_timeout, pseudo_login_atom_v, "bob", "bob-token");
  REQUIRE(gate.wait_started());
  chat::id_t bob = 0;
  auto first = self->request(store, test::reply_timeout, register_atom_v, "carol", "", "carol-token");
  // Writes ghost, then fails on the token (bob's hash again): ghost is rolled back.
  auto failing = self->request(store, test::reply_timeout, register_atom_v, "ghost", "", "bob-token");
  auto last = self->request(store, test::reply_timeout, register_atom_v, "dave", "", "dave-token");
  gate.release.set_value();

  blocker.receive([&](user_info& u) { bob = u.id; }, failed);
  chat::id_t carol = 0, dave = 0;
  first.receive([&](user_info& u) { carol = u.id; }, failed);
  failing.receive([](user_info&) { FAIL("the failing write must fail"); },
                  [](caf::error& e) { CHECK(errc_of(e) == chat_errc::internal); });
  last.receive([&](user_info& u) { dave = u.id; }, failed);
  CHECK(bob > 0);
  CHECK(carol > bob);
  CHECK(dave > carol);

  store_stats after;
  self->request(store, test::reply_timeout, caf::get_atom_v, stats_atom_v)
    .receive([&](store_stats s) { after = s; }, failed);
  CHECK(after.jobs == 4);
  CHECK(after.transactions == 2);  // the blocker's batch + one for the three
  read_committed(db.opener(), [](persistence::repositories& r) {
    CHECK_FALSE(r.users.find_by_name("ghost"));
    for (auto name : {"bob", "carol", "dave"})
      CHECK_MESSAGE(r.users.find_by_name(name), name);
  });
}

TEST_CASE("a batch runs room by room, each room's messages in arrival order") {
  // Several writer processes take their room locks in the same order: no deadlock between them.
  test::scratch_database db;
  chat::id_t alice = 0;
  std::vector<chat::id_t> rooms;
  {
    auto writer = db.opener()(persistence::db_role::writer);
    std::vector<persistence::job> seed{[&](persistence::repositories& r) {
      alice = r.users.create("alice", "").id;
      for (int i = 0; i < 3; ++i)
        rooms.push_back(r.rooms.create_group("room" + std::to_string(i), alice, {}).id);
    }};
    REQUIRE_FALSE(writer->write_batch(seed)[0]);
  }
  test::gate gate;
  test::actor_env env;
  auto store = spawn_store(env.sys, test::gated_opener(db.opener(), gate));
  caf::scoped_actor self{env.sys};
  auto failed = [](caf::error& e) { FAIL(message_of(e)); };
  auto blocker = self->request(store, test::reply_timeout, pseudo_login_atom_v, "bob", "bob-token");
  REQUIRE(gate.wait_started());
  auto send = [&](std::size_t room, const char* body) {
    return self->request(store, test::reply_timeout, append_atom_v, rooms[room], alice,
                         std::string{body}, chat::id_t{0}, std::string{});
  };
  std::vector<decltype(send(0, ""))> pending;
  for (auto [room, body] : {std::pair{2, "c"}, {0, "a1"}, {1, "b"}, {0, "a2"}})
    pending.push_back(send(static_cast<std::size_t>(room), body));
  gate.release.set_value();
  blocker.receive([](user_info&) {}, failed);
  std::map<std::string, message_info> by_body;
  for (auto& p : pending)
    p.receive([&](message_info& m, bool) { by_body[m.body] = m; }, failed);
  CHECK(by_body["a1"].seq == 1);
  CHECK(by_body["a2"].seq == 2);
  CHECK(by_body["a1"].id < by_body["a2"].id);
  CHECK(by_body["a2"].id < by_body["b"].id);  // stored in room order, not arrival order
  CHECK(by_body["b"].id < by_body["c"].id);
}

TEST_CASE("with max_batch 1 every write is its own transaction") {
  test::scratch_database db;
  test::actor_env env;
  auto store = spawn_store(env.sys, db.opener(), store_options{1});
  caf::scoped_actor self{env.sys};
  using pending_t = decltype(self->request(store, test::reply_timeout, pseudo_login_atom_v,
                                           std::string{}, std::string{}));
  std::vector<pending_t> pending;
  for (int i = 0; i < 20; ++i)
    pending.push_back(self->request(store, test::reply_timeout, pseudo_login_atom_v,
                                    "u" + std::to_string(i), "token" + std::to_string(i)));
  for (auto& p : pending)
    p.receive([](user_info&) {}, [](caf::error& e) { FAIL(message_of(e)); });
  self->request(store, test::reply_timeout, caf::get_atom_v, stats_atom_v)
    .receive([](store_stats s) { CHECK(s.transactions == s.jobs); },
             [](caf::error& e) { FAIL(message_of(e)); });
}

TEST_CASE("a commit window holds the batch open: a write arriving within it shares the commit") {
  test::scratch_database db;
  test::actor_env env;
  using namespace std::chrono_literals;
  const auto window = 400ms;
  auto store = spawn_store(env.sys, db.opener(), store_options{.commit_window = window});
  caf::scoped_actor self{env.sys};
  auto failed = [](caf::error& e) { FAIL(message_of(e)); };
  auto transactions = [&] {
    std::uint64_t n = 0;
    self->request(store, test::reply_timeout, caf::get_atom_v, stats_atom_v)
      .receive([&](store_stats s) { n = s.transactions; }, failed);
    return n;
  };
  const auto before = transactions();
  const auto sent = std::chrono::steady_clock::now();
  auto first = self->request(store, test::reply_timeout, pseudo_login_atom_v, "ann", "t1");
  // The second write comes well after the first one's flush was due: without the window, the
  // first would be committed (and answered) alone by then.
  std::this_thread::sleep_for(window / 4);
  auto second = self->request(store, test::reply_timeout, pseudo_login_atom_v, "ben", "t2");
  first.receive([](user_info&) {}, failed);
  CHECK(std::chrono::steady_clock::now() - sent >= window);  // answered after the window only
  second.receive([](user_info&) {}, failed);
  CHECK(transactions() == before + 1);
}

}
