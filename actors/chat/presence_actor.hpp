// One actor per user that has sessions or watchers: online = at least one session. Its
// transitions go to the watchers and, through the user's live room actors, to everyone who
// shares a room with the user. Asks its registry to retire once empty.
#pragma once

#include <cstdint>
#include <vector>

#include "actors/chat/chat_options.hpp"
#include "messages/chat_api.hpp"
#include "messages/store_api.hpp"

namespace chat {

struct presence_deps {
  presence_registry_actor registry;   ///< its presence registry (retirement)
  room_registry_actor room_registry;  ///< presence to the user's live rooms
  reader_actor readers;               ///< which rooms the user belongs to
  chat_options opts;
};

struct presence_state {
  id_t user = 0;
  presence_deps deps;
  std::vector<session_actor> sessions;
  std::vector<session_actor> watchers;
  bool online = false;
  bool elsewhere = false;      ///< online on another node of the cluster
  std::uint64_t seen = 0;      ///< messages received from the registry
  std::size_t pending = 0;     ///< room lookups in flight
  std::uint64_t retire_sent_at = UINT64_MAX;  ///< `seen` when we last asked to retire

  static inline const char* name = "presence";
};

using presence_pointer = presence_actor::stateful_pointer<presence_state>;

/// See messages/chat_api.hpp; every message comes from the registry. `elsewhere`: the user is
/// online on another node (the registry knows; the actor starts from it).
presence_actor::behavior_type presence(presence_pointer self, id_t user, presence_deps deps,
                                       bool elsewhere);

}  // namespace chat
