// The merge rules of presence_view: last writer (highest version) wins per (node, user).
#include "cluster/presence_view.hpp"

#include <algorithm>

namespace chat::cluster {

void presence_view::set(node_state& n, id_t user, bool online, std::uint64_t version,
                        std::vector<change>& out) {
  auto& e = n.users[user];
  const bool was = e.online;
  e.version = std::max(e.version, version);
  e.online = online;
  if (was == online)
    return;
  if (online) {
    if (++count_[user] == 1)
      out.emplace_back(user, true);
  } else if (auto it = count_.find(user); it != count_.end() && --it->second == 0) {
    count_.erase(it);
    out.emplace_back(user, false);
  }
}

std::vector<presence_view::change> presence_view::apply(const std::string& node,
                                                        std::uint64_t version, id_t user,
                                                        bool online) {
  std::vector<change> out;
  if (dead_.count(node) > 0)
    return out;
  auto& n = nodes_[node];
  if (version <= n.snapshot_version)
    return out;
  if (auto it = n.users.find(user); it != n.users.end() && it->second.version >= version)
    return out;
  set(n, user, online, version, out);
  return out;
}

std::vector<presence_view::change> presence_view::snapshot(const std::string& node,
                                                           std::uint64_t version,
                                                           const std::vector<id_t>& users) {
  std::vector<change> out;
  dead_.erase(node);
  auto& n = nodes_[node];
  if (version < n.snapshot_version)
    return out;
  std::unordered_set<id_t> in{users.begin(), users.end()};
  // Known users the snapshot does not have: offline, unless a newer change said otherwise.
  for (auto it = n.users.begin(); it != n.users.end();) {
    auto& [user, e] = *it;
    if (e.version <= version && in.count(user) == 0)
      set(n, user, false, version, out);
    // Entries the snapshot covers are no longer needed once offline.
    if (!e.online && e.version <= version)
      it = n.users.erase(it);
    else
      ++it;
  }
  std::unordered_set<id_t> done;
  for (auto user : users) {  // in the snapshot's order: the changes come out in a stable order
    if (!done.insert(user).second)
      continue;
    auto it = n.users.find(user);
    if (it == n.users.end() || it->second.version <= version)
      set(n, user, true, version, out);
  }
  n.snapshot_version = version;
  return out;
}

std::vector<presence_view::change> presence_view::drop(const std::string& node) {
  std::vector<change> out;
  dead_.insert(node);
  auto it = nodes_.find(node);
  if (it == nodes_.end())
    return out;
  for (auto& [user, e] : it->second.users)
    if (e.online)
      set(it->second, user, false, e.version, out);
  nodes_.erase(it);
  return out;
}

std::vector<std::string> presence_view::nodes() const {
  std::vector<std::string> out;
  for (const auto& [uid, n] : nodes_)
    out.push_back(uid);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace chat::cluster
