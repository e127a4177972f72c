// Finds (spawning on demand) the presence actor of a user, mirrors who is online for quick
// answers, and knows which sessions were opened with which token (logout closes them).
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/actor_system.hpp>

#include "actors/chat/on_demand_actors.hpp"
#include "actors/chat/presence_actor.hpp"
#include "messages/cluster_api.hpp"

namespace chat {

struct presence_registry_state {
  struct session_info {
    session_actor session;
    id_t user = 0;
    std::string token_hash;
  };
  presence_deps deps;  ///< handed to every presence actor (registry = this actor)
  on_demand_actors<presence_actor> users;
  std::unordered_set<id_t> online;  ///< users with a registered session (on this node)
  std::unordered_set<id_t> elsewhere;  ///< users online on another node (cluster)
  cluster_actor cluster;            ///< told of this node's changes (null: one node)
  std::unordered_map<id_t, std::vector<session_actor>> user_sessions;  ///< registered, per user
  std::unordered_map<caf::actor_addr, session_info> sessions;

  static inline const char* name = "presence_registry";
};

using presence_registry_pointer =
  presence_registry_actor::stateful_pointer<presence_registry_state>;

/// See messages/chat_api.hpp. A session registers before it loads its rooms, so a room that
/// asks for sessions after its commit finds every session that could have missed it in the
/// database.
presence_registry_actor spawn_presence_registry(caf::actor_system& sys, reader_actor readers,
                                                chat_options opts, cluster_actor cluster = {});

}  // namespace chat
