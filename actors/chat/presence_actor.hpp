// One actor per user that has sessions or watchers: online = at least one session. Its
// transitions go to the watchers and, through the user's live room actors, to everyone who
// shares a room with the user. Asks its registry to retire once empty.
#pragma once

#include <cstdint>
#include <vector>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/chat/chat_options.hpp"
#include "actors/chat/chat_protocol.hpp"

namespace chat {

struct presence_deps {
  caf::actor registry;       ///< its presence registry (retirement)
  caf::actor room_registry;  ///< presence to the user's live rooms
  caf::actor readers;        ///< which rooms the user belongs to
  chat_options opts;
};

struct presence_state {
  id_t user = 0;
  presence_deps deps;
  std::vector<caf::actor> sessions;
  std::vector<caf::actor> watchers;
  bool online = false;
  std::uint64_t seen = 0;      ///< messages received from the registry
  std::size_t pending = 0;     ///< room lookups in flight
  std::uint64_t retire_sent_at = UINT64_MAX;  ///< `seen` when we last asked to retire

  static inline const char* name = "presence";
};

using presence_actor_t = caf::stateful_actor<presence_state>;

/// Messages (all from the registry): (p_join, session) (p_leave, session)
/// (p_watch, session, bool answered_online) (quit).
caf::behavior presence_actor(presence_actor_t* self, id_t user, presence_deps deps);

}  // namespace chat
