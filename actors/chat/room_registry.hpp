// Finds the room actor of a room id, spawning it on demand, and forgets idle rooms without
// races: a room asks to retire with the count of registry messages it has seen; only when
// that matches what the registry sent (nothing in flight) is it dropped and told to quit.
#pragma once

#include <cstdint>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/chat/room_actor.hpp"

namespace chat {

struct room_registry_state {
  struct entry {
    caf::actor room;
    std::uint64_t sent = 0;  ///< messages forwarded to it (see room_state::seen)
  };
  room_deps deps;  ///< handed to every room (registry = this actor)
  std::unordered_map<id_t, entry> rooms;

  static inline const char* name = "room_registry";
};

using room_registry_t = caf::stateful_actor<room_registry_state>;

/// Messages: (routed, id_t room, caf::message inner) -> delegated to the room;
/// (retire, id_t room, uint64 seen) from a room; (presence, id_t user, bool online,
/// std::vector<id_t> rooms) -> forwarded to those rooms that are alive.
caf::behavior room_registry(room_registry_t* self, room_deps deps);

/// `deps.registry` is ignored (the registry itself).
caf::actor spawn_room_registry(caf::actor_system& sys, room_deps deps);

}  // namespace chat
