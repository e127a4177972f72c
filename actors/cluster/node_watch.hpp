// The listener's view of the other nodes, kept current through its command connection: reads
// a node's state (its users' set and version) when it says hello or when the listener
// (re)subscribes, and checks every heartbeat interval which nodes' heartbeat keys expired —
// those are dead: removed from Redis and their users offline here.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/cluster/cluster_options.hpp"
#include "cluster/presence_view.hpp"
#include "cluster/redis_connection.hpp"

namespace chat::cluster {

class node_watch {
 public:
  node_watch(const cluster_options& opts, std::unique_ptr<redis_connection> conn)
    : opts_(&opts), conn_(std::move(conn)) {}

  /// Reads `uid`'s state (a dead one is dropped); the changes of who is online elsewhere.
  std::vector<presence_view::change> read_node(const std::string& uid);
  /// Reads every registered node; forgets nodes no longer registered.
  std::vector<presence_view::change> read_all();
  /// Drops nodes whose heartbeat expired, and reads live ones not known yet.
  std::vector<presence_view::change> check();

  presence_view& view() { return view_; }

 private:
  /// Removes a dead node's keys (any node may: idempotent) and drops it from the view.
  void bury(const std::string& uid, std::vector<presence_view::change>& out);
  /// Known nodes that are not registered (any more): dropped once missing for a heartbeat
  /// ttl. After a Redis restart every node is missing until it registers again (within its
  /// reconnect backoff), and its users do not flicker offline meanwhile.
  void forget_missing(const std::vector<std::string>& registered,
                      std::vector<presence_view::change>& out);
  std::vector<std::string> registered_nodes();

  const cluster_options* opts_;
  std::unique_ptr<redis_connection> conn_;
  presence_view view_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> missing_since_;
};

}  // namespace chat::cluster
