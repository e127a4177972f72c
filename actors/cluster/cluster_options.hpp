// Settings of a node's Redis link (--redis and its timings).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "actors/cluster/cluster_metrics.hpp"
#include "cluster/redis_connection.hpp"

namespace chat::cluster {

struct cluster_options {
  redis_address address;
  std::string uid;  ///< this node's id in the adapter messages (each node drops its own)
  /// The heartbeat key is refreshed this often and expires after `heartbeat_ttl`; every node
  /// checks the others' keys each `heartbeat_interval`, so a dead node's users go offline
  /// within ttl + interval (+ a check's own time): 8 s + 2 s by default, stated as ≤ 12 s.
  std::chrono::milliseconds heartbeat_interval{2000};
  std::chrono::milliseconds heartbeat_ttl{8000};
  /// Connect and reply timeout of every Redis command.
  std::chrono::milliseconds timeout{2000};
  /// Reconnect backoff: doubles from the first to the last.
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{3000};
  /// Largest message read from Redis (the Engine.IO --max-payload).
  std::size_t max_message_bytes = 1000000;
  cluster_metrics metrics;
};

}  // namespace chat::cluster
