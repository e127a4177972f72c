// Finds (spawning on demand) the presence actor of a user, mirrors who is online for quick
// answers, and knows which sessions were opened with which token (logout closes them).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/chat/presence_actor.hpp"

namespace chat {

struct presence_registry_state {
  struct entry {
    caf::actor actor;
    std::uint64_t sent = 0;  ///< messages forwarded to it (see presence_state::seen)
  };
  struct session_info {
    caf::actor session;
    id_t user = 0;
    std::string token_hash;
  };
  presence_deps deps;  ///< handed to every presence actor (registry = this actor)
  std::unordered_map<id_t, entry> users;
  std::unordered_set<id_t> online;  ///< users with a registered session
  std::unordered_map<id_t, std::vector<caf::actor>> user_sessions;  ///< registered, per user
  std::unordered_map<caf::actor_addr, session_info> sessions;

  static inline const char* name = "presence_registry";
};

using presence_registry_t = caf::stateful_actor<presence_registry_state>;

/// Messages, besides those of chat_protocol.hpp:
/// - (online, std::vector<id_t> users) -> std::vector<id_t>: the online subset (REST).
/// - (logout, std::string token_hash): disconnects every socket opened with that token.
/// - (caf::actor room_registry): set once at start (the two registries know each other).
/// - (sessions, std::vector<id_t> users) -> (std::vector<id_t>, std::vector<caf::actor>): the
///   registered sessions of those users, as parallel lists (user of each session, session).
///   A session registers before it loads its rooms, so a room that asks after its commit
///   finds every session that could have missed it in the database.
caf::behavior presence_registry(presence_registry_t* self, presence_deps deps);

caf::actor spawn_presence_registry(caf::actor_system& sys, caf::actor readers,
                                   chat_options opts);

}  // namespace chat
