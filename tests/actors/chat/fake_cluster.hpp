// The cluster publisher, faked for deterministic chat tests: it records what the rooms would
// publish for the other nodes (Redis is not there); what other nodes send comes in through the
// room registry, as the listener sends it (cl_frame, cl_resync).
#pragma once

#include <memory>
#include <vector>

#include <caf/actor_system.hpp>

#include "messages/cluster_api.hpp"

namespace chat::test {

/// One broadcast a room published: its room, [event, payload], and the user it skips.
struct publication {
  id_t room = 0;
  json event;
  id_t except_user = 0;
};

/// Spawns a publisher in `sys` that appends every broadcast to `*out` and ignores the rest
/// (membership, presence, logouts).
inline cluster_actor spawn_fake_cluster(caf::actor_system& sys,
                                        std::shared_ptr<std::vector<publication>> out) {
  return sys.spawn([out]() -> cluster_actor::behavior_type {
    return {
      [out](cl_publish_atom, id_t room, json& event, id_t except_user) {
        out->push_back({room, std::move(event), except_user});
      },
      [](cl_members_atom, const room_info&, const std::vector<id_t>&, const std::vector<id_t>&) {},
      [](p_local_atom, id_t, bool) {},
      [](logout_atom, const std::string&) {},
    };
  });
}

}  // namespace chat::test
