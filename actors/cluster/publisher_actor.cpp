// Publishing is pipelined like the store's group commit: each publication is appended to the
// connection's output at once, the first of a run sends `flush` to self, and `flush` (behind
// every publication already in the mailbox) sends them all and reads their replies. A node's
// presence is a Redis set it alone writes, versioned, changed and announced in one MULTI.
#include "actors/cluster/publisher_actor.hpp"

#include <memory>
#include <unordered_set>
#include <vector>

#include <caf/all.hpp>
#include <hiredis/hiredis.h>

#include "cluster/adapter_codec.hpp"
#include "cluster/node_messages.hpp"
#include "common/log.hpp"
#include "messages/type_ids.hpp"

namespace chat::cluster {

namespace {

using publisher_impl = cluster_actor::extend<caf::reacts_to<caf::flush_atom>,
                                             caf::reacts_to<heartbeat_atom>,
                                             caf::reacts_to<reconnect_atom>>;

struct publisher_state {
  cluster_options opts;
  std::unique_ptr<redis_connection> conn;
  std::unordered_set<id_t> local_online;  ///< users with a socket on this node
  std::uint64_t version = 0;              ///< counts this node's presence changes
  std::size_t replies_due = 0;            ///< appended commands not yet answered
  std::vector<std::chrono::steady_clock::time_point> publishes;  ///< when each was appended
  std::chrono::milliseconds backoff{0};
  bool lost_logged = false;
  static inline const char* name = "cluster.publisher";
};

using publisher_pointer = publisher_impl::stateful_pointer<publisher_state>;

std::string users_key(const publisher_state& st) {
  return node_key(st.opts.uid, "users");
}

void lose_connection(publisher_pointer self, const std::exception& e) {
  auto& st = self->state;
  if (!st.lost_logged)
    log::warn(std::string{"cluster: publisher lost Redis ("} + e.what() + "); reconnecting");
  st.lost_logged = true;
  st.conn.reset();
  st.opts.metrics.publisher_up->set(0);
  st.publishes.clear();
  st.replies_due = 0;
  st.backoff = std::max(st.opts.backoff_min, std::min(st.backoff * 2, st.opts.backoff_max));
  self->delayed_send(self, st.backoff, reconnect_atom_v);
}

/// Appends one command whose reply `flush` reads; `publish` times it.
void append(publisher_pointer self, const std::vector<std::string_view>& args, bool publish) {
  auto& st = self->state;
  if (!st.conn)
    return;
  try {
    st.conn->append(args);
  } catch (const std::exception& e) {
    return lose_connection(self, e);
  }
  if (st.replies_due == 0)
    self->send(self, caf::flush_atom_v);
  ++st.replies_due;
  if (publish)
    st.publishes.push_back(std::chrono::steady_clock::now());
}

void flush(publisher_pointer self) {
  auto& st = self->state;
  if (!st.conn)
    return;
  try {
    for (; st.replies_due > 0; --st.replies_due) {
      auto reply = st.conn->read_reply();
      if (reply->type == REDIS_REPLY_ERROR)
        log::warn("cluster: Redis refused a command: " + std::string{text_of(reply.get())});
    }
  } catch (const std::exception& e) {
    return lose_connection(self, e);
  }
  auto now = std::chrono::steady_clock::now();
  for (auto t : st.publishes)
    st.opts.metrics.publish_micros->inc(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(now - t).count()));
  st.opts.metrics.published->inc(st.publishes.size());
  st.publishes.clear();
}

/// Writes this node's whole state (its users, version, heartbeat) and says hello: the other
/// nodes read it then. Run at every (re)connect and when the heartbeat key had expired.
void register_node(publisher_pointer self) {
  auto& st = self->state;
  auto& c = *st.conn;  // nothing is due: connect() and heartbeat() flushed
  const auto& uid = st.opts.uid;
  auto users = users_key(st);
  auto version = std::to_string(st.version);
  auto ttl = std::to_string(st.opts.heartbeat_ttl.count());
  c.command({"MULTI"});
  c.command({"DEL", users});
  std::vector<std::string> ids;
  for (auto u : st.local_online)
    ids.push_back(std::to_string(u));
  for (std::size_t i = 0; i < ids.size(); i += 1000) {
    std::vector<std::string_view> args{"SADD", users};
    for (std::size_t j = i; j < ids.size() && j < i + 1000; ++j)
      args.push_back(ids[j]);
    c.command(args);
  }
  c.command({"SET", node_key(uid, "version"), version});
  c.command({"SADD", nodes_key, uid});
  c.command({"DEL", node_key(uid, "dead")});  // declared dead while it was only away
  c.command({"SET", node_key(uid, "alive"), uid, "PX", ttl});
  c.command({"EXEC"});
  c.command({"PUBLISH", presence_channel, encode(node_hello{uid, st.version})});
  log::info("cluster: node " + uid + " registered with " + std::to_string(ids.size())
            + " online users");
}

void connect(publisher_pointer self) {
  auto& st = self->state;
  try {
    st.conn = std::make_unique<redis_connection>(st.opts.address, st.opts.timeout);
    register_node(self);
  } catch (const std::exception& e) {
    st.conn.reset();
    lose_connection(self, e);
    return;
  }
  st.opts.metrics.publisher_up->set(1);
  if (st.lost_logged) {
    st.opts.metrics.reconnects->inc();
    log::info("cluster: publisher reconnected to " + st.opts.address.to_string());
  }
  st.lost_logged = false;
  st.backoff = std::chrono::milliseconds{0};
}

/// Refreshes the heartbeat key, only if it still exists: when it expired (Redis restarted, or
/// this node was away so long that the others declared it dead) the node registers again.
void heartbeat(publisher_pointer self) {
  auto& st = self->state;
  self->delayed_send(self, st.opts.heartbeat_interval, heartbeat_atom_v);
  if (!st.conn)
    return;
  try {
    flush(self);
    if (!st.conn)
      return;
    auto ttl = std::to_string(st.opts.heartbeat_ttl.count());
    auto reply = st.conn->command({"SET", node_key(st.opts.uid, "alive"), st.opts.uid, "PX", ttl, "XX"});
    if (reply->type == REDIS_REPLY_NIL) {
      log::warn("cluster: this node's heartbeat had expired; registering again");
      register_node(self);
    }
  } catch (const std::exception& e) {
    lose_connection(self, e);
  }
}

/// At shutdown: the other nodes drop this one at their next check instead of after the ttl.
void deregister(publisher_pointer self) {
  auto& st = self->state;
  if (!st.conn)
    return;
  try {
    flush(self);
    if (st.conn) {
      const auto& uid = st.opts.uid;
      st.conn->command({"DEL", node_key(uid, "alive")});
    }
  } catch (const std::exception&) {
    // Going away anyway: the key expires.
  }
}

publisher_impl::behavior_type publisher(publisher_pointer self, cluster_options opts) {
  self->state.opts = std::move(opts);
  self->set_exit_handler([self](caf::exit_msg& msg) {
    deregister(self);
    self->quit(msg.reason);
  });
  connect(self);
  self->delayed_send(self, self->state.opts.heartbeat_interval, heartbeat_atom_v);
  return {
    [self](cl_publish_atom, id_t room, json& event, id_t except_user) {
      auto& st = self->state;
      if (!st.conn) {
        st.opts.metrics.publish_dropped->inc();
        return;
      }
      broadcast b;
      b.uid = st.opts.uid;
      b.data = std::move(event);
      b.rooms.push_back("room:" + std::to_string(room));
      if (except_user != 0)
        b.except.push_back("user:" + std::to_string(except_user));
      std::string bytes;
      try {
        bytes = encode(b);
      } catch (const codec_error& e) {
        log::warn(std::string{"cluster: cannot publish: "} + e.what());
        return;
      }
      append(self, {"PUBLISH", channel_of(b), bytes}, true);
    },
    [self](cl_members_atom, room_info& room, std::vector<id_t>& added,
           std::vector<id_t>& removed) {
      auto& st = self->state;
      if (!st.conn) {
        st.opts.metrics.publish_dropped->inc();
        return;
      }
      auto bytes = encode(members_change{st.opts.uid, std::move(room), std::move(added),
                                         std::move(removed)});
      append(self, {"PUBLISH", rooms_channel, bytes}, true);
    },
    [self](p_local_atom, id_t user, bool online) {
      auto& st = self->state;
      if (online)
        st.local_online.insert(user);
      else
        st.local_online.erase(user);
      ++st.version;
      if (!st.conn)
        return;  // registered whole at the reconnect
      auto id = std::to_string(user);
      auto version = std::to_string(st.version);
      auto users = users_key(st);
      auto message = encode(presence_change{st.opts.uid, st.version, user, online});
      append(self, {"MULTI"}, false);
      append(self, {online ? "SADD" : "SREM", users, id}, false);
      append(self, {"SET", node_key(st.opts.uid, "version"), version}, false);
      append(self, {"PUBLISH", presence_channel, message}, true);
      append(self, {"EXEC"}, false);
    },
    [self](logout_atom, std::string& token_hash) {
      auto& st = self->state;
      if (!st.conn) {
        st.opts.metrics.publish_dropped->inc();
        return;
      }
      append(self, {"PUBLISH", tokens_channel, encode(token_revoked{st.opts.uid, std::move(token_hash)})}, true);
    },
    [self](caf::flush_atom) { flush(self); },
    [self](heartbeat_atom) { heartbeat(self); },
    [self](reconnect_atom) {
      if (!self->state.conn)
        connect(self);
    },
  };
}

}  // namespace

cluster_actor spawn_publisher(caf::actor_system& sys, cluster_options opts) {
  return caf::actor_cast<cluster_actor>(sys.spawn<caf::detached>(publisher, std::move(opts)));
}

}  // namespace chat::cluster
