// Registration of the cluster's metric families.
#include "actors/cluster/cluster_metrics.hpp"

namespace chat::cluster {

cluster_metrics cluster_metrics::registered_in(metrics::registry& r) {
  cluster_metrics m;
  m.published = &r.add_counter("redis_published_total", "Messages published to Redis (answered)").with({});
  m.publish_micros = &r.add_counter("redis_publish_microseconds_total",
                                    "Round trips of those publications, summed (divide by redis_published_total)")
                        .with({});
  m.publish_dropped = &r.add_counter("redis_publish_dropped_total",
                                     "Messages not published because Redis was unreachable (clients sync)")
                         .with({});
  m.received = &r.add_counter("redis_received_total", "Messages of other nodes received from Redis").with({});
  m.refused = &r.add_counter("redis_refused_total", "Messages received from Redis that could not be read").with({});
  m.reconnects = &r.add_counter("redis_reconnects_total",
                                "Redis connections re-established after a loss (publisher and listener)")
                    .with({});
  m.nodes_expired = &r.add_counter("cluster_nodes_expired_total",
                                   "Other nodes found dead (heartbeat expired); their users went offline")
                       .with({});
  auto& up = r.add_gauge("redis_connected", "1 while the link to Redis is up, per connection", {"link"});
  m.publisher_up = &up.with({"publisher"});
  m.listener_up = &up.with({"listener"});
  m.other_nodes = &r.add_gauge("cluster_other_nodes", "Other live nodes of the cluster this node knows").with({});
  return m;
}

}  // namespace chat::cluster
