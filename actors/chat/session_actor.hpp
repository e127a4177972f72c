// One actor per Socket.IO connection (namespace "/"): validates the client's events, answers
// every ack, talks to rooms through the room registry (or the room actor once subscribed),
// and is the only sender to its client (through client_link).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/chat/chat_options.hpp"
#include "actors/chat/chat_protocol.hpp"
#include "actors/chat/socket_bridge.hpp"

namespace chat {

/// The actors a session talks to.
struct session_deps {
  caf::actor room_registry;
  caf::actor presence_registry;
  caf::actor store;
  caf::actor readers;
  chat_options opts;
};

/// What the session is spawned with; `request` is accepted by the session itself.
struct session_args {
  user_info user;
  std::string token_hash;
  socketio::connect_request_ptr request;
  session_deps deps;
};

struct session_state {
  user_info user;
  std::string token_hash;
  session_deps deps;
  client_link link;
  std::unordered_map<id_t, caf::actor> rooms;   ///< subscribed rooms
  std::unordered_map<id_t, bool> presence_sent;  ///< last `presence` emitted per user
  double tokens = 0;                             ///< rate limit bucket
  std::chrono::steady_clock::time_point refilled;
  bool closing = false;

  static inline const char* name = "session";
};

using session_actor_t = caf::stateful_actor<session_state>;

/// Accepts the connection, registers with presence, subscribes to the user's rooms.
caf::behavior session_actor(session_actor_t* self, session_args args);

namespace session_detail {

/// Handles one client event (called by the session's behaviour); throws chat_error for
/// bad input, which the caller turns into an error ack.
void dispatch(session_actor_t* self, const std::string& name, const json& args,
              const socketio::ack_fn& ack);

/// Subscribes to a room through the registry unless already subscribed; `done` (if any) runs
/// once the room has answered (subscribed or refused).
void subscribe(session_actor_t* self, id_t room, std::function<void()> done = {});

/// {ok: false, error} for a caf::error from another actor.
json error_ack_of(const caf::error& err);

}  // namespace session_detail

}  // namespace chat
