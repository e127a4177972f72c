// The listener's loop: connect (backoff on failure), subscribe, read every live node's state,
// then poll the subscribed socket (and the stop eventfd) until the next heartbeat check.
// Messages are decoded here, on this thread; a broadcast is encoded once as a Socket.IO frame
// and handed to the local registries, which fan it out to this node's sessions only.
#include "actors/cluster/listener.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <charconv>
#include <memory>

#include <caf/send.hpp>
#include <hiredis/hiredis.h>

#include "actors/chat/socket_bridge.hpp"
#include "actors/cluster/node_watch.hpp"
#include "cluster/adapter_codec.hpp"
#include "cluster/node_messages.hpp"
#include "common/log.hpp"
#include "messages/type_ids.hpp"

namespace chat::cluster {

namespace {

/// The id of a Socket.IO room name "<prefix><id>", or 0.
id_t id_in(std::string_view name, std::string_view prefix) {
  if (name.substr(0, prefix.size()) != prefix)
    return 0;
  name.remove_prefix(prefix.size());
  id_t id = 0;
  auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  return ec == std::errc{} && p == name.data() + name.size() && id > 0 ? id : 0;
}

/// One connected session of the listener: what it needs between two messages.
struct link {
  const cluster_options& opts;
  room_registry_actor& rooms;
  presence_registry_actor& presence;
  redis_connection sub;
  node_watch watch;

  void tell(const std::vector<presence_view::change>& changes) {
    for (auto [user, online] : changes)
      caf::anon_send(presence, p_remote_atom_v, user, online);
    opts.metrics.other_nodes->set(static_cast<std::int64_t>(watch.view().nodes().size()));
  }

  void on_broadcast(const std::string& bytes) {
    auto b = decode(bytes);
    if (b.uid == opts.uid)
      return;  // our own: delivered locally already
    opts.metrics.received->inc();
    std::vector<id_t> except;
    for (const auto& name : b.except)
      if (auto user = id_in(name, "user:"))
        except.push_back(user);
    // A message:new carries its seq: the room keeps its last_seq current from it.
    std::int64_t seq = 0;
    if (b.data[0] == "message:new" && b.data.size() > 1 && b.data[1].is_object()) {
      auto m = b.data[1].find("message");
      if (m != b.data[1].end() && m->is_object() && m->contains("seq") && (*m)["seq"].is_number_integer())
        seq = (*m)["seq"].get<std::int64_t>();
    }
    auto frame = make_frame(b.data);  // encoded once for every local session
    if (b.rooms.empty()) {
      caf::anon_send(presence, cl_frame_atom_v, std::vector<id_t>{}, frame, except);
      return;
    }
    std::vector<id_t> users;
    for (const auto& name : b.rooms) {
      if (auto room = id_in(name, "room:"))
        caf::anon_send(rooms, cl_frame_atom_v, room, frame, except, seq);
      else if (auto user = id_in(name, "user:"))
        users.push_back(user);
      // Other rooms: no chatd socket is in them.
    }
    if (!users.empty())
      caf::anon_send(presence, cl_frame_atom_v, std::move(users), frame, except);
  }

  void on_presence(const std::string& bytes) {
    auto message = decode_presence(bytes);
    if (auto* hello = std::get_if<node_hello>(&message)) {
      if (hello->uid == opts.uid)
        return;
      tell(watch.read_node(hello->uid));
      // A node (re)connected: what it committed while it could not publish reaches the
      // sessions here by the rooms' catch-up reads.
      caf::anon_send(rooms, cl_resync_atom_v);
      return;
    }
    auto& change = std::get<presence_change>(message);
    if (change.uid == opts.uid)
      return;
    opts.metrics.received->inc();
    tell(watch.view().apply(change.uid, change.version, change.user, change.online));
  }

  void on_members(const std::string& bytes) {
    auto m = decode_members(bytes);
    if (m.uid == opts.uid)
      return;
    opts.metrics.received->inc();
    caf::anon_send(rooms, cl_members_atom_v, std::move(m.room), std::move(m.added), std::move(m.removed));
  }

  void on_token(const std::string& bytes) {
    auto t = decode_token(bytes);
    if (t.uid == opts.uid)
      return;
    opts.metrics.received->inc();
    caf::anon_send(presence, cl_logout_atom_v, std::move(t.token_hash));
  }

  /// One pushed reply: ["pmessage", pattern, channel, payload] or ["message", channel,
  /// payload]; subscription confirmations are skipped.
  void on_reply(const redisReply* r) {
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3)
      return;
    auto kind = text_of(r->element[0]);
    std::size_t at = kind == "pmessage" ? 2 : kind == "message" ? 1 : 0;
    if (at == 0 || r->elements < at + 2)
      return;
    auto channel = text_of(r->element[at]);
    const auto* payload = r->element[at + 1];
    if (payload->type != REDIS_REPLY_STRING)
      return;
    if (payload->len > opts.max_message_bytes) {
      opts.metrics.refused->inc();
      log::warn("cluster: a message of " + std::to_string(payload->len) + " bytes on "
                + std::string{channel} + " is over --max-payload: dropped");
      return;
    }
    std::string bytes{payload->str, payload->len};
    try {
      if (channel.substr(0, adapter_channel.size()) == adapter_channel)
        on_broadcast(bytes);
      else if (channel == presence_channel)
        on_presence(bytes);
      else if (channel == rooms_channel)
        on_members(bytes);
      else if (channel == tokens_channel)
        on_token(bytes);
    } catch (const codec_error& e) {
      opts.metrics.refused->inc();
      log::debug("cluster: dropped a message on " + std::string{channel} + ": " + e.what());
    }
  }
};

}  // namespace

listener::listener(cluster_options opts, room_registry_actor rooms,
                   presence_registry_actor presence)
  : opts_(std::move(opts)), rooms_(std::move(rooms)), presence_(std::move(presence)) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC);
  if (wake_fd_ < 0)
    throw std::runtime_error("eventfd failed");
  thread_ = std::thread{[this] { run(); }};
}

listener::~listener() {
  stop();
  ::close(wake_fd_);
}

void listener::stop() {
  if (stopping_.exchange(true))
    return;
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  if (thread_.joinable())
    thread_.join();
}

bool listener::wait_subscribed(std::chrono::milliseconds timeout) {
  std::unique_lock lock{mutex_};
  return subscribed_cv_.wait_for(lock, timeout, [this] { return subscribed_; });
}

void listener::run() {
  auto backoff = opts_.backoff_min;
  bool had_link = false;
  // Waits `ms` unless stop() comes first; false when stopping.
  auto pause = [this](std::chrono::milliseconds ms) {
    pollfd p{wake_fd_, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(ms.count()));
    return !stopping_;
  };
  while (!stopping_) {
    std::unique_ptr<link> l;
    try {
      l.reset(new link{opts_, rooms_, presence_, redis_connection{opts_.address, opts_.timeout},
                       node_watch{opts_, std::make_unique<redis_connection>(opts_.address, opts_.timeout)}});
      l->sub.command({"PSUBSCRIBE", std::string{adapter_channel} + "*"});
      l->sub.command({"SUBSCRIBE", presence_channel, rooms_channel, tokens_channel});
      // Subscribed first, then read the state: a change published meanwhile is in both, and
      // the versions sort it out (presence_view).
      l->tell(l->watch.read_all());
      if (had_link) {
        opts_.metrics.reconnects->inc();
        log::info("cluster: listener reconnected to " + opts_.address.to_string());
        // Broadcasts published while we were away are lost: tell the rooms' clients to sync.
        caf::anon_send(rooms_, cl_resync_atom_v);
      }
      had_link = true;
      opts_.metrics.listener_up->set(1);
      {
        std::lock_guard lock{mutex_};
        subscribed_ = true;
      }
      subscribed_cv_.notify_all();
      backoff = opts_.backoff_min;
      // The rest of the subscription confirmations, and anything that came with them, may sit
      // in hiredis's buffer already, where poll(2) does not see it.
      while (auto reply = l->sub.next_buffered())
        l->on_reply(reply.get());
      auto next_check = std::chrono::steady_clock::now() + opts_.heartbeat_interval;
      while (!stopping_) {
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_check - std::chrono::steady_clock::now());
        pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {l->sub.fd(), POLLIN, 0}};
        ::poll(fds, 2, static_cast<int>(std::max<std::int64_t>(0, wait.count())));
        if (stopping_)
          return;
        if (fds[1].revents != 0) {
          l->sub.read_available();
          while (auto reply = l->sub.next_buffered())
            l->on_reply(reply.get());
        }
        if (std::chrono::steady_clock::now() >= next_check) {
          l->tell(l->watch.check());
          next_check = std::chrono::steady_clock::now() + opts_.heartbeat_interval;
        }
      }
    } catch (const std::exception& e) {
      log::warn(std::string{"cluster: listener: "} + e.what() + "; reconnecting");
      opts_.metrics.listener_up->set(0);
      l.reset();
      if (!pause(backoff))
        return;
      backoff = std::min(backoff * 2, opts_.backoff_max);
    }
  }
}

}  // namespace chat::cluster
