// The chat side of the server, as main.cpp sees it: the connect handler of Socket.IO
// namespace "/" and the presence registry the REST API asks.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/chat/chat_options.hpp"
#include "net/socketio/socket.hpp"

namespace chat {

class chat_service {
 public:
  /// Spawns the room and presence registries. `store` takes write_jobs, `readers` read_jobs.
  chat_service(caf::actor_system& sys, caf::actor store, caf::actor readers,
               chat_options opts = {});
  ~chat_service();

  chat_service(const chat_service&) = delete;
  chat_service& operator=(const chat_service&) = delete;

  /// The handler of namespace "/" (any thread, never blocks): `auth.token` must be a string
  /// naming a live token; then the connection is accepted and gets its session actor,
  /// otherwise it is rejected with {"message": "unauthorized"} and no session exists.
  void on_connect(socketio::connect_request_ptr request);

  /// The presence registry. Besides the chat actors' own messages it answers:
  /// - `(online_atom, std::vector<id_t> users) -> std::vector<id_t>`: those online now;
  /// - `(logout_atom, std::string token_hash)`: every socket opened with that token is
  ///   disconnected (no reply). Send it after the token is deleted.
  caf::actor presence_registry() const { return presence_registry_; }

  /// The room registry (tests, diagnostics).
  caf::actor room_registry() const { return room_registry_; }

 private:
  caf::actor_system& sys_;
  caf::actor store_;
  caf::actor readers_;
  chat_options opts_;
  caf::actor presence_registry_;
  caf::actor room_registry_;
};

}  // namespace chat
