// The publisher: one detached actor per node with its own Redis connection. Publishes the
// rooms' broadcasts (adapter format) and membership changes, keeps this node's presence set
// and heartbeat key in Redis, and reconnects with backoff; while Redis is away it publishes
// nothing (stale events are not replayed: clients catch up with messages:sync).
#pragma once

#include <caf/actor_system.hpp>

#include "actors/cluster/cluster_options.hpp"
#include "messages/cluster_api.hpp"

namespace chat::cluster {

/// Spawns the publisher (it connects in the background; never blocks the caller).
cluster_actor spawn_publisher(caf::actor_system& sys, cluster_options opts);

}  // namespace chat::cluster
