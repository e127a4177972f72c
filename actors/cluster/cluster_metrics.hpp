// The per-node figures of the Redis link (/metrics): publications and their round trip,
// broadcasts received, messages refused, reconnects. Counters are lock-free: safe from the
// publisher's and the listener's threads.
#pragma once

#include "net/metrics/registry.hpp"

namespace chat::cluster {

struct cluster_metrics {
  metrics::counter* published = nullptr;        ///< PUBLISH commands answered
  metrics::counter* publish_micros = nullptr;   ///< their round trips, summed (µs)
  metrics::counter* publish_dropped = nullptr;  ///< not published: Redis was unreachable
  metrics::counter* received = nullptr;         ///< messages of other nodes delivered here
  metrics::counter* refused = nullptr;          ///< messages that could not be read
  metrics::counter* reconnects = nullptr;       ///< connections (re)established after a loss
  metrics::counter* nodes_expired = nullptr;    ///< nodes found dead (heartbeat expired)
  metrics::gauge* publisher_up = nullptr;       ///< 1 while the publisher is connected
  metrics::gauge* listener_up = nullptr;        ///< 1 while the listener is subscribed
  metrics::gauge* other_nodes = nullptr;        ///< other live nodes this one knows

  /// Registers the families in `registry` (once, at start) and points at their series.
  static cluster_metrics registered_in(metrics::registry& registry);
};

}  // namespace chat::cluster
