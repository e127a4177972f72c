// Several writers on one PostgreSQL database, as several chatd processes are: each has its own
// connection and commits batches of appends to the same rooms at the same time. Seqs stay
// gapless, a clientMsgId sent through two writers at once is stored once, and two batches that
// deadlock on each other's rooms both commit (the victim runs again).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "persistence/postgres/pg_unit_of_work.hpp"
#include "tests/support/test_db.hpp"

using namespace chat;
using persistence::db_role;
using persistence::job;
using persistence::repositories;

namespace {

struct shared_rooms {
  test::postgres_database db;
  persistence::unit_of_work_opener open = persistence::postgres_opener(db.url());
  std::vector<chat::id_t> senders;
  std::vector<chat::id_t> rooms;

  shared_rooms() {
    auto writer = open(db_role::writer);
    std::vector<job> setup{[this](repositories& r) {
      for (auto name : {"ann", "ben", "cat"})
        senders.push_back(r.users.create(name, "").id);
      for (auto name : {"one", "two", "three"})
        rooms.push_back(r.rooms.create_group(name, senders[0], senders).id);
    }};
    REQUIRE_FALSE(writer->write_batch(setup)[0]);
  }

  std::vector<message_info> stored(chat::id_t room) {
    std::vector<message_info> out;
    open(db_role::reader)->read([&](repositories& r) { out = r.messages.after(room, 0, 0); });
    return out;
  }
};

}  // namespace

TEST_SUITE("pg_concurrent_writers") {

TEST_CASE_FIXTURE(shared_rooms, "three writers, same rooms, shared clientMsgIds: gapless, once") {
  constexpr int writers = 3, batches = 20, per_batch = 15, keys = 300;
  std::mutex mutex;
  std::map<std::string, std::vector<persistence::append_result>> by_key;  // every answer
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      auto writer = open(db_role::writer);
      std::mt19937 random{static_cast<unsigned>(w)};
      std::uniform_int_distribution<int> pick_key{0, keys - 1};
      for (int b = 0; b < batches; ++b) {
        std::vector<persistence::new_message> batch;
        for (int i = 0; i < per_batch; ++i) {
          // The key decides sender and room, so every writer that draws it sends the same
          // message; which writer stores it is a race.
          int key = pick_key(random);
          batch.push_back({rooms[static_cast<std::size_t>(key % 3)],
                           senders[static_cast<std::size_t>(key / 3 % 3)],
                           "m" + std::to_string(key), 0, "k" + std::to_string(key)});
        }
        // Room by room, as the store orders its batches (actors/store/store_actor.cpp).
        std::stable_sort(batch.begin(), batch.end(),
                         [](const auto& a, const auto& b) { return a.room_id < b.room_id; });
        std::vector<job> jobs;
        std::vector<std::shared_ptr<persistence::append_result>> results;
        for (const auto& m : batch) {
          auto result = std::make_shared<persistence::append_result>();
          results.push_back(result);
          jobs.push_back([m, result](repositories& r) {
            *result = r.messages.append(m, "2026-01-01T00:00:00.000Z");
          });
        }
        std::vector<std::exception_ptr> failures;
        try {
          failures = writer->write_batch(jobs);
        } catch (const std::exception& e) {
          MESSAGE("batch failed: " << e.what());
          failures.assign(jobs.size(), std::current_exception());
        }
        std::lock_guard lock{mutex};
        for (std::size_t i = 0; i < jobs.size(); ++i) {
          if (failures[i])
            ++failed;
          else
            by_key[results[i]->message.client_msg_id].push_back(*results[i]);
        }
      }
    });
  for (auto& t : threads)
    t.join();
  CHECK(failed == 0);

  std::size_t stored_total = 0;
  std::map<std::string, chat::id_t> stored_ids;
  for (auto room : rooms) {
    auto messages = stored(room);
    for (std::size_t i = 0; i < messages.size(); ++i) {
      CHECK(messages[i].seq == static_cast<std::int64_t>(i + 1));  // exactly 1..N
      CHECK_MESSAGE(stored_ids.emplace(messages[i].client_msg_id, messages[i].id).second,
                    "clientMsgId stored twice: " << messages[i].client_msg_id);
    }
    stored_total += messages.size();
  }
  CHECK(stored_total == by_key.size());
  for (const auto& [key, answers] : by_key) {
    int fresh = 0;
    for (const auto& a : answers) {
      CHECK(a.message.id == stored_ids[key]);  // every answer is the stored message
      fresh += a.duplicate ? 0 : 1;
    }
    CHECK_MESSAGE(fresh == 1, key << " was answered as new " << fresh << " times");
  }
  MESSAGE(stored_total << " messages stored from " << writers * batches * per_batch
                       << " appends");
}

TEST_CASE_FIXTURE(shared_rooms, "two batches locking two rooms in opposite orders both commit") {
  // A holds room one and wants room two; B holds room two and wants room one: PostgreSQL
  // picks a victim, whose whole batch is rolled back and run again once the other committed.
  std::promise<void> a_holds, b_holds;
  auto a_held = a_holds.get_future().share(), b_held = b_holds.get_future().share();
  std::atomic<int> runs{0};
  auto batch = [&](chat::id_t first, chat::id_t second, std::promise<void>& mine,
                   std::shared_future<void> other) {
    auto once = std::make_shared<std::once_flag>();
    return std::vector<job>{
      [this, first, once, other, &mine, &runs](repositories& r) {
        ++runs;
        r.messages.append({first, senders[0], "first", 0, ""}, "t");
        std::call_once(*once, [&] {  // only the first run waits: the rerun goes straight on
          mine.set_value();
          other.wait_for(std::chrono::seconds(10));
        });
      },
      [this, second](repositories& r) {
        r.messages.append({second, senders[0], "second", 0, ""}, "t");
      },
    };
  };
  auto a_jobs = batch(rooms[0], rooms[1], a_holds, b_held);
  auto b_jobs = batch(rooms[1], rooms[0], b_holds, a_held);
  std::vector<std::exception_ptr> a_failures, b_failures;
  std::thread a{[&] { a_failures = open(db_role::writer)->write_batch(a_jobs); }};
  std::thread b{[&] { b_failures = open(db_role::writer)->write_batch(b_jobs); }};
  a.join();
  b.join();
  REQUIRE(a_failures.size() == 2);
  REQUIRE(b_failures.size() == 2);
  CHECK_FALSE(a_failures[0]);
  CHECK_FALSE(a_failures[1]);
  CHECK_FALSE(b_failures[0]);
  CHECK_FALSE(b_failures[1]);
  // At least the victim's first job ran twice (under load a rerun may meet the other once more).
  CHECK_MESSAGE(runs.load() >= 3, "first jobs run: " << runs.load());
  for (auto room : {rooms[0], rooms[1]}) {
    auto messages = stored(room);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0].seq == 1);
    CHECK(messages[1].seq == 2);
  }
}

}
