// The typed interface of the cluster publisher (actors/cluster): what a node tells the other
// nodes through Redis. A null handle means a single node: nothing is published.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "messages/atoms.hpp"
#include "messages/domain.hpp"
#include "messages/wire_json.hpp"

namespace chat {

using cluster_actor = caf::typed_actor<
  /// From a room: (room, [event, payload], user whose sockets skip it or 0) — a broadcast to
  /// Socket.IO room "room:<id>" in the Redis adapter's format.
  caf::reacts_to<cl_publish_atom, id_t, json, id_t>,
  /// From a room: (room as now, users added, users removed).
  caf::reacts_to<cl_members_atom, room_info, std::vector<id_t>, std::vector<id_t>>,
  /// From the presence registry: (user, has a socket on this node) at each change.
  caf::reacts_to<p_local_atom, id_t, bool>,
  /// From the presence registry: (token hash) was revoked here; the other nodes close its
  /// sockets too.
  caf::reacts_to<logout_atom, std::string>>;

}  // namespace chat
