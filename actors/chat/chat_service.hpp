// The chat side of the server, as main.cpp sees it: the connect handler of Socket.IO
// namespace "/" and the presence registry the REST API asks.
#pragma once

#include <caf/actor_system.hpp>

#include <memory>

#include "actors/chat/chat_options.hpp"
#include "actors/chat/event_admission.hpp"
#include "messages/chat_api.hpp"
#include "messages/cluster_api.hpp"
#include "messages/store_api.hpp"
#include "net/socketio/socket.hpp"

namespace chat {

class chat_service {
 public:
  /// Spawns the room and presence registries over the store and the readers.
  /// `cluster`: the Redis publisher when this node is one of several (null: alone).
  chat_service(caf::actor_system& sys, store_actor store, reader_actor readers,
               chat_options opts = {}, cluster_actor cluster = {});
  ~chat_service();

  chat_service(const chat_service&) = delete;
  chat_service& operator=(const chat_service&) = delete;

  /// The handler of namespace "/" (any thread, never blocks): `auth.token` must be a string
  /// naming a live token; then the connection is accepted and gets its session actor,
  /// otherwise it is rejected with {"message": "unauthorized"} and no session exists.
  void on_connect(socketio::connect_request_ptr request);

  /// The presence registry (REST asks it who is online, and tells it of logouts).
  presence_registry_actor presence_registry() const { return presence_registry_; }

  /// The room registry (tests, diagnostics).
  room_registry_actor room_registry() const { return room_registry_; }
  /// The edge's bound on socket events in flight (for metrics).
  const event_admission& admission() const { return *admission_; }

 private:
  caf::actor_system& sys_;
  store_actor store_;
  reader_actor readers_;
  chat_options opts_;
  std::shared_ptr<event_admission> admission_;
  presence_registry_actor presence_registry_;
  room_registry_actor room_registry_;
};

}  // namespace chat
