// The chat actors on CAF's deterministic test coordinator: one thread (the test's), a clock
// that moves only when the test advances it, the fake store and readers of
// fake_persistence.hpp, and fake sockets as clients. Nothing waits: a test acts, runs the
// scheduler until every actor is idle, then looks. Users and rooms are seeded directly.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "actors/chat/chat_service.hpp"
#include "actors/chat/room_registry.hpp"
#include "common/log.hpp"
#include "fake_cluster.hpp"
#include "fake_persistence.hpp"
#include "fake_socket.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"
#include "persistence/credentials.hpp"

namespace chat::test {

struct chat_config : caf::actor_system_config {
  chat_config() {
    add_message_types<caf::id_block::chat>();
    set("scheduler.policy", caf::atom("testing"));  // caf::scheduler::test_coordinator
    set("logger.file-verbosity", caf::atom("quiet"));
    log::set_level(log::level::warn);  // not every migration of every test's database
  }
};

/// Where an ack lands once the server answers it (empty until then).
using pending_ack = std::shared_ptr<std::optional<json>>;

class chat_env;

/// A user as the tests know it: the id and a token that signs it in.
struct account {
  id_t id = 0;
  std::string token;
};

/// One connected client.
struct client {
  chat_env* env = nullptr;
  std::shared_ptr<fake_socket> socket;

  /// Emits `event` with an ack, runs until idle, returns the answer (null json: none came).
  json call(const std::string& event, json payload);

  /// Emits `event` with an ack and does not run: the answer lands in the result later.
  pending_ack emit(const std::string& event, json payload) {
    auto out = std::make_shared<std::optional<json>>();
    socket->client_emit(event, std::move(payload), [out](json args) {
      *out = args.empty() ? json() : args[0];
    });
    return out;
  }

  /// Emits `event` without an ack (does not run).
  void cast(const std::string& event, json payload) {
    socket->client_emit(event, std::move(payload), {});
  }

  /// The client goes away (does not run).
  void leave() { socket->client_disconnect(); }
};

inline std::string code_of(const json& ack) {
  if (!ack.is_object() || !ack.contains("error"))
    return "";
  return ack["error"]["code"].get<std::string>();
}

/// The state of the actor behind `handle`. Only while the scheduler is not running, or from
/// inside a callback it runs: the test coordinator runs one actor at a time, on this thread.
template <class State, class Handle>
State& state_of(const Handle& handle) {
  auto* ptr = caf::actor_cast<caf::abstract_actor*>(handle);
  return dynamic_cast<typename Handle::template stateful_base<State>&>(*ptr).state;
}

class chat_env {
 public:
  /// One node alone, or (`clustered`) one node of several: its rooms publish to a fake
  /// publisher (published) and take the other nodes' events through the room registry.
  explicit chat_env(chat_options opts = {}, bool clustered = false)
    : sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    sched.clock().current_time += std::chrono::hours(1);  // no timer at time zero
    cluster_actor cluster;
    if (clustered)
      cluster = spawn_fake_cluster(sys, published);
    chat = std::make_unique<chat_service>(sys, db.store(), db.readers(), opts, cluster);
    run();
  }

  ~chat_env() {
    chat.reset();  // the registries exit and take rooms, presence and sessions along
    db.shutdown();
    run();
  }

  chat_env(const chat_env&) = delete;
  chat_env& operator=(const chat_env&) = delete;

  chat_config cfg;
  caf::actor_system sys{cfg};
  caf::scheduler::test_coordinator& sched;
  fake_persistence db{sys};
  std::unique_ptr<chat_service> chat;
  /// What this node's rooms published for the other nodes (clustered only).
  std::shared_ptr<std::vector<publication>> published = std::make_shared<std::vector<publication>>();

  /// In which order run() picks the actors that have messages: first come, first served, or
  /// the most recently woken first (another interleaving of the same messages).
  enum class order { fifo, lifo } pick = order::fifo;

  /// Runs one message of the actor `pick` chooses; false when every actor is idle.
  bool step() { return pick == order::fifo ? sched.try_run_once() : sched.try_run_once_lifo(); }

  /// Runs every actor until none has anything left to do (timers wait for advance()).
  void run() {
    while (step()) {
    }
  }

  /// Runs one message at a time until `done()` holds; false when everything went idle first.
  template <class Pred>
  bool run_until(Pred done) {
    while (!done())
      if (!step())
        return false;
    return true;
  }

  /// Runs one message of the actor behind `handle`, ahead of every other actor; false when it
  /// had none.
  template <class Handle>
  bool run_one(const Handle& handle) {
    return sched.prioritize(handle) && sched.try_run_once();
  }

  /// Moves the clock on by `d` (timers due by then fire), then runs until idle.
  void advance(caf::timespan d) {
    sched.advance_time(d);
    run();
  }

  /// A user with a token, stored directly.
  account user(const std::string& name) {
    account a{0, persistence::new_token()};
    db.seed([&](persistence::repositories& r) {
      a.id = r.users.get_or_create(name).id;
      r.tokens.insert(persistence::token_hash(a.token), a.id);
    });
    return a;
  }

  /// A group room, stored directly (no session hears of it: seed before connecting).
  id_t group(const std::string& name, id_t creator, std::vector<id_t> members) {
    id_t id = 0;
    db.seed([&](persistence::repositories& r) {
      id = r.rooms.create_group(name, creator, members).id;
    });
    return id;
  }

  /// Starts connecting with `token` and does not run: the answer comes with run().
  std::shared_ptr<fake_connect_request> knock(const std::string& token) {
    auto request = std::make_shared<fake_connect_request>(json{{"token", token}});
    chat->on_connect(request);
    return request;
  }

  /// Connects with `token` and runs; fails the test unless the connection was accepted.
  client connect(const std::string& token) {
    auto request = knock(token);
    run();
    REQUIRE_MESSAGE(request->socket() != nullptr, "connection not accepted");
    return client{this, request->socket()};
  }

  /// Asks `dest` (a typed actor) and runs until idle; fails the test unless it answered.
  template <class R, class Handle, class... Ts>
  R ask(const Handle& dest, Ts... xs) {
    auto out = std::make_shared<std::optional<R>>();
    auto err = std::make_shared<caf::error>();
    sys.spawn([=](caf::event_based_actor* self) {
      self->request(dest, caf::infinite, xs...)
        .then([out](R& r) { *out = std::move(r); }, [err](caf::error& e) { *err = e; });
    });
    run();
    REQUIRE_MESSAGE(out->has_value(), "no answer: " << message_of(*err));
    return std::move(**out);
  }

  /// A question on its way: the actor asking, and where the answer lands.
  template <class R>
  struct pending {
    caf::actor asker;
    std::shared_ptr<std::optional<R>> answer;
  };

  /// Asks `dest` and does not run: the asker sends once it runs (see run_one).
  template <class R, class Handle, class... Ts>
  pending<R> ask_later(const Handle& dest, Ts... xs) {
    auto out = std::make_shared<std::optional<R>>();
    auto asker = sys.spawn([=](caf::event_based_actor* self) {
      self->request(dest, caf::infinite, xs...).then([out](R& r) { *out = std::move(r); });
    });
    return {asker, out};
  }

  /// The user of every session subscribed to `room`, sorted (asks the room registry).
  std::vector<id_t> subscribers(id_t room) {
    return ask<std::vector<id_t>>(chat->room_registry(), caf::get_atom_v, room);
  }

  /// The online ones of `users` (asks the presence registry, as REST does).
  std::vector<id_t> online(std::vector<id_t> users) {
    return ask<std::vector<id_t>>(chat->presence_registry(), online_atom_v, std::move(users));
  }

  /// The live room actor of `room` as the registry knows it, or null (retired, never used).
  const room_actor* live_room(id_t room) {
    return state_of<room_registry_state>(chat->room_registry()).rooms.find(room);
  }

  /// The user of every session `room` has subscribed right now, sorted, read from the room
  /// actor's state: for the moment an ack arrives, when the scheduler cannot be run.
  std::vector<id_t> subscribers_now(id_t room) {
    std::vector<id_t> out;
    if (auto* actor = live_room(room))
      for (auto& [user, sessions] : state_of<room_state>(*actor).subscribers)
        out.insert(out.end(), sessions.size(), user);
    std::sort(out.begin(), out.end());
    return out;
  }
};

inline json client::call(const std::string& event, json payload) {
  auto ack = emit(event, std::move(payload));
  env->run();
  return ack->value_or(json());
}

}  // namespace chat::test
