// What one node knows of the others' presence: per node, the users with a socket there, each
// with the version of the change that said so. A user is "online elsewhere" while any other
// live node has them. Changes may arrive before or after a snapshot of the same node: the
// versions decide, so the view never goes back to an older state. Pure; single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "messages/domain.hpp"

namespace chat::cluster {

class presence_view {
 public:
  /// (user, online elsewhere): a change of the answer to online_elsewhere(user).
  using change = std::pair<id_t, bool>;

  /// One published change of `node`. Ignored when older than what is known, or when the node
  /// was declared dead (it comes back with a hello and a snapshot).
  std::vector<change> apply(const std::string& node, std::uint64_t version, id_t user, bool online);

  /// The whole state of `node` at `version` (its users' set): replaces what is older.
  /// Revives a node declared dead.
  std::vector<change> snapshot(const std::string& node, std::uint64_t version,
                               const std::vector<id_t>& users);

  /// `node` died (its heartbeat expired): its users are offline there from now on.
  std::vector<change> drop(const std::string& node);

  bool online_elsewhere(id_t user) const { return count_.count(user) > 0; }
  bool knows(const std::string& node) const { return nodes_.count(node) > 0; }
  bool is_dead(const std::string& node) const { return dead_.count(node) > 0; }
  /// Nodes with state here (alive as far as this view knows).
  std::vector<std::string> nodes() const;

 private:
  struct entry {
    bool online = false;
    std::uint64_t version = 0;
  };
  struct node_state {
    std::unordered_map<id_t, entry> users;  ///< online users, and offline ones newer than snapshot
    std::uint64_t snapshot_version = 0;
  };

  /// Sets (node, user) to `online`, counting the user's nodes; appends a change of the answer.
  void set(node_state& n, id_t user, bool online, std::uint64_t version, std::vector<change>& out);

  std::unordered_map<std::string, node_state> nodes_;
  std::unordered_map<id_t, std::size_t> count_;  ///< nodes where the user is online
  std::unordered_set<std::string> dead_;
};

}  // namespace chat::cluster
