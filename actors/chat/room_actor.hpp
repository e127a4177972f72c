// One actor per active room: it alone knows who receives the room's events. Holds the members
// (loaded from the database before anything is handled), the subscribed sessions per user,
// and the last seq; posts messages through the store and fans them out after COMMIT.
#pragma once

#include <chrono>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/chat/chat_options.hpp"
#include "actors/chat/chat_protocol.hpp"

namespace chat {

/// The actors a room talks to.
struct room_deps {
  caf::actor registry;           ///< its room registry (retirement)
  caf::actor store;              ///< write jobs
  caf::actor readers;            ///< read jobs
  caf::actor presence_registry;  ///< the live sessions of new members
  chat_options opts;
};

struct room_state {
  id_t id = 0;
  room_deps deps;
  bool exists = false;                           ///< false: every request is forbidden
  room_info info;                                ///< kind, name, members, last_seq
  std::unordered_set<id_t> members;
  std::unordered_map<id_t, std::vector<caf::actor>> subscribers;  ///< user -> sessions
  std::uint64_t seen = 0;                        ///< messages received from the registry
  std::size_t pending = 0;                       ///< store/reader requests in flight
  bool quitting = false;
  bool idle_timer = false;
  std::chrono::steady_clock::time_point last_activity;

  static inline const char* name = "room";
};

using room_actor_t = caf::stateful_actor<room_state>;

/// The room's behaviour (see chat_protocol.hpp for its messages). Spawned by the room
/// registry; stashes every message until the room is loaded.
caf::behavior room_actor(room_actor_t* self, id_t room_id, room_deps deps);

}  // namespace chat
