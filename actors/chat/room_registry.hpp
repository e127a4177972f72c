// Finds the room actor of a room id, spawning it on demand, and forgets idle rooms without
// races (on_demand_actors.hpp); passes presence changes on to the rooms that are alive.
#pragma once

#include <caf/actor_system.hpp>

#include "actors/chat/on_demand_actors.hpp"
#include "actors/chat/room_actor.hpp"

namespace chat {

struct room_registry_state {
  room_deps deps;  ///< handed to every room (registry = this actor)
  on_demand_actors<room_actor> rooms;

  static inline const char* name = "room_registry";
};

using room_registry_pointer = room_registry_actor::stateful_pointer<room_registry_state>;

/// See messages/chat_api.hpp. `deps.registry` is ignored (the registry itself).
room_registry_actor spawn_room_registry(caf::actor_system& sys, room_deps deps);

}  // namespace chat
