// One actor per Socket.IO connection (namespace "/"): validates the client's events, answers
// every ack, talks to its rooms (subscribed through the room registry) and is the only sender
// to its client (through client_link).
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "actors/chat/chat_options.hpp"
#include "actors/chat/socket_bridge.hpp"
#include "messages/chat_api.hpp"
#include "messages/store_api.hpp"
#include "net/socketio/socket.hpp"

namespace chat {

/// The actors a session talks to.
struct session_deps {
  room_registry_actor room_registry;
  presence_registry_actor presence_registry;
  store_actor store;
  reader_actor readers;
  chat_options opts;
  std::shared_ptr<event_admission> admission;  ///< shared by every session (null: no bound)
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
  bool live = false;                               ///< the client has been told "connect"
  bool closing = false;
  std::unordered_set<id_t> member_of;              ///< rooms the user belongs to
  std::unordered_map<id_t, room_actor> rooms;      ///< subscribed rooms
  std::unordered_map<id_t, bool> presence_sent;    ///< last `presence` emitted per user
  std::unordered_set<id_t> watched;                ///< users watched (presence:watch)
  double tokens = 0;                               ///< rate limit bucket
  std::chrono::steady_clock::time_point refilled;

  static inline const char* name = "session";
};

using session_pointer = session_actor::stateful_pointer<session_state>;

/// Registers with presence, subscribes to every room of the user, then accepts the
/// connection (the client sees "connect") and serves it; see messages/chat_api.hpp.
session_actor::behavior_type session(session_pointer self, session_args args);

}  // namespace chat
