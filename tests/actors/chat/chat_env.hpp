// The chat actors over a real store and reader pool on a temp-file database, with fake
// sockets as clients: what the actor tests start from. Users and rooms are seeded directly.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "messages/caf_error.hpp"
#include "actors/chat/chat_service.hpp"
#include "actors/store/reader_pool.hpp"
#include "actors/store/store_actor.hpp"
#include "fake_socket.hpp"
#include "messages/type_ids.hpp"
#include "persistence/credentials.hpp"
#include "persistence/sqlite/sqlite_unit_of_work.hpp"
#include "tests/support/test_db.hpp"

namespace chat::test {

constexpr auto timeout = std::chrono::seconds(10);

struct chat_config : caf::actor_system_config {
  chat_config() {
    add_message_types<caf::id_block::chat>();
    set("scheduler.max-threads", 4);
  }
};

/// One connected client: its socket, and acks awaited with a timeout.
struct client {
  std::shared_ptr<fake_connect_request> request;
  std::shared_ptr<fake_socket> socket;

  /// Emits `event` with an ack and waits for the answer (null json when none came).
  json call(const std::string& event, json payload) {
    auto done = std::make_shared<std::promise<json>>();
    auto result = done->get_future();
    socket->client_emit(event, std::move(payload), [done](json args) {
      done->set_value(args.empty() ? json() : args[0]);
    });
    if (result.wait_for(timeout) != std::future_status::ready)
      return json();
    return result.get();
  }

  /// Emits `event` without an ack.
  void cast(const std::string& event, json payload) {
    socket->client_emit(event, std::move(payload), {});
  }
};

inline std::string code_of(const json& ack) {
  if (!ack.is_object() || !ack.contains("error"))
    return "";
  return ack["error"]["code"].get<std::string>();
}

struct chat_env {
  temp_dir dir;
  std::string path = dir.file("chat.db");
  chat_config cfg;
  caf::actor_system sys{cfg};
  persistence::unit_of_work_opener open = persistence::sqlite_opener(path);
  store_actor store = spawn_store(sys, open);
  reader_actor readers = spawn_readers(sys, open, 2);
  std::unique_ptr<chat_service> chat;

  explicit chat_env(chat_options opts = {}) {
    chat = std::make_unique<chat_service>(sys, store, readers, opts);
  }

  ~chat_env() {
    chat.reset();
    caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(readers, caf::exit_reason::user_shutdown);
  }

  /// A user with a token; returns (id, token).
  std::pair<id_t, std::string> user(const std::string& name) {
    auto token = persistence::new_token();
    id_t id = 0;
    caf::scoped_actor self{sys};
    self->request(store, timeout, pseudo_login_atom_v, name, persistence::token_hash(token))
      .receive([&](user_info& u) { id = u.id; },
               [](caf::error& e) { FAIL("store failed: " << message_of(e)); });
    return {id, token};
  }

  /// A group room, stored directly (no session hears of it: seed before connecting).
  id_t group(const std::string& name, id_t creator, std::vector<id_t> members) {
    id_t id = 0;
    caf::scoped_actor self{sys};
    self->request(store, timeout, group_new_atom_v, name, creator, std::move(members))
      .receive([&](room_info& r) { id = r.id; },
               [](caf::error& e) { FAIL("store failed: " << message_of(e)); });
    return id;
  }

  /// Connects with `token`; fails the test when the connection is not accepted.
  client connect(const std::string& token) {
    client c;
    c.request = std::make_shared<fake_connect_request>(json{{"token", token}});
    chat->on_connect(c.request);
    c.socket = c.request->wait();
    REQUIRE(c.socket != nullptr);
    return c;
  }

  /// The user of every session subscribed to `room`, sorted.
  std::vector<id_t> subscribers(id_t room) {
    caf::scoped_actor self{sys};
    std::vector<id_t> out;
    self->request(chat->room_registry(), timeout, caf::get_atom_v, room)
      .receive([&](std::vector<id_t>& v) { out = std::move(v); },
               [](caf::error& e) { FAIL("no subscribers: " << message_of(e)); });
    return out;
  }

  /// Waits until `room` has exactly `expected` subscribed sessions (by user). Subscription
  /// has no client-visible event, so this polls the room.
  bool await_subscribers(id_t room, std::vector<id_t> expected) {
    std::sort(expected.begin(), expected.end());
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (subscribers(room) == expected)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  std::vector<id_t> online(std::vector<id_t> users) {
    caf::scoped_actor self{sys};
    std::vector<id_t> out;
    self->request(chat->presence_registry(), timeout, online_atom_v, std::move(users))
      .receive([&](std::vector<id_t>& v) { out = std::move(v); },
               [](caf::error& e) { FAIL("no online answer: " << message_of(e)); });
    return out;
  }
};

}  // namespace chat::test
