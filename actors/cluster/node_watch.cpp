// Reading other nodes' state with plain commands; a node's state is read in one MULTI so its
// users and version belong together (the node writes both in one MULTI too).
#include "actors/cluster/node_watch.hpp"

#include <algorithm>
#include <charconv>

#include <hiredis/hiredis.h>

#include "cluster/node_messages.hpp"
#include "common/log.hpp"

namespace chat::cluster {

namespace {

std::int64_t number_in(std::string_view text) {
  std::int64_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

void append(std::vector<presence_view::change>& out, std::vector<presence_view::change> more) {
  out.insert(out.end(), more.begin(), more.end());
}

}  // namespace

std::vector<std::string> node_watch::registered_nodes() {
  auto reply = conn_->command({"SMEMBERS", nodes_key});
  std::vector<std::string> out;
  for (std::size_t i = 0; i < reply->elements; ++i)
    if (auto uid = std::string{text_of(reply->element[i])}; uid != opts_->uid)
      out.push_back(std::move(uid));
  return out;
}

void node_watch::bury(const std::string& uid, std::vector<presence_view::change>& out) {
  conn_->command({"SREM", nodes_key, uid});
  conn_->command({"DEL", node_key(uid, "users"), node_key(uid, "version"), node_key(uid, "alive")});
  // A tombstone, so the nodes that find it gone from the set know it died (and do not wait
  // as for a node that Redis forgot).
  conn_->command({"SET", node_key(uid, "dead"), "1", "PX", "60000"});
  if (view_.knows(uid)) {
    opts_->metrics.nodes_expired->inc();
    log::info("cluster: node " + uid + " is gone (heartbeat expired); its users are offline there");
  }
  append(out, view_.drop(uid));
}

void node_watch::forget_missing(const std::vector<std::string>& registered,
                                std::vector<presence_view::change>& out) {
  auto now = std::chrono::steady_clock::now();
  for (const auto& uid : view_.nodes()) {
    if (std::find(registered.begin(), registered.end(), uid) != registered.end()) {
      missing_since_.erase(uid);
      continue;
    }
    auto [it, first] = missing_since_.emplace(uid, now);
    bool buried = conn_->command({"EXISTS", node_key(uid, "dead")})->integer != 0;
    if (buried || now - it->second >= opts_->heartbeat_ttl) {
      missing_since_.erase(it);
      opts_->metrics.nodes_expired->inc();
      log::info("cluster: node " + uid + (buried ? " is gone" : " is no longer registered")
                + "; its users are offline there");
      append(out, view_.drop(uid));
    }
  }
}

std::vector<presence_view::change> node_watch::read_node(const std::string& uid) {
  std::vector<presence_view::change> out;
  conn_->command({"MULTI"});
  conn_->command({"EXISTS", node_key(uid, "alive")});
  conn_->command({"SMEMBERS", node_key(uid, "users")});
  conn_->command({"GET", node_key(uid, "version")});
  auto r = conn_->command({"EXEC"});
  if (r->type != REDIS_REPLY_ARRAY || r->elements != 3 || r->element[0]->type != REDIS_REPLY_INTEGER)
    throw redis_error("unexpected reply to EXEC");
  if (r->element[0]->integer == 0) {
    bury(uid, out);
    return out;
  }
  std::vector<id_t> users;
  const auto* set = r->element[1];
  for (std::size_t i = 0; i < set->elements; ++i)
    users.push_back(number_in(text_of(set->element[i])));
  auto version = number_in(text_of(r->element[2]));
  append(out, view_.snapshot(uid, static_cast<std::uint64_t>(std::max<std::int64_t>(0, version)), users));
  return out;
}

std::vector<presence_view::change> node_watch::read_all() {
  std::vector<presence_view::change> out;
  auto nodes = registered_nodes();
  forget_missing(nodes, out);
  for (const auto& uid : nodes)
    append(out, read_node(uid));
  return out;
}

std::vector<presence_view::change> node_watch::check() {
  std::vector<presence_view::change> out;
  auto nodes = registered_nodes();
  for (const auto& uid : nodes)
    conn_->append({"EXISTS", node_key(uid, "alive")});
  std::vector<bool> alive;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto reply = conn_->read_reply();
    // An error (a Redis still loading after a restart) says nothing about the node.
    if (reply->type != REDIS_REPLY_INTEGER)
      throw redis_error("EXISTS: " + std::string{text_of(reply.get())});
    alive.push_back(reply->integer != 0);
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!alive[i])
      bury(nodes[i], out);
    else if (!view_.knows(nodes[i]))
      append(out, read_node(nodes[i]));
  }
  // Known here but not registered: another node buried it first, or Redis lost its state
  // and it has not registered again yet.
  forget_missing(nodes, out);
  return out;
}

}  // namespace chat::cluster
