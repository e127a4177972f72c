// The room actor: membership checks, posting through the store, once-encoded fan-out in seq
// order, typing/read receipts, creation/add/leave (new members subscribed before anyone is
// told), presence forwarding, and idle retirement.
#include "actors/chat/room_actor.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "actors/chat/socket_bridge.hpp"
#include "common/log.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"

namespace chat {

namespace {

// Idle time is measured on the actor clock (self->clock().now(): steady_clock, or the test
// coordinator's manual clock), the same clock the idle timer's delayed_send runs on.

caf::error forbidden() {
  return make_caf_error(chat_errc::forbidden, "not a member of this room");
}

bool is_member(room_pointer self, id_t user) {
  return self->state.exists && self->state.members.count(user) > 0;
}

bool has_subscribers(room_pointer self) {
  for (auto& [user, sessions] : self->state.subscribers)
    if (!sessions.empty())
      return true;
  return false;
}

/// Sends `frame` to every subscribed session of every member but `except_user` (0: none),
/// skipping the session `except_session`.
void fan_out(room_pointer self, const frame_ptr& frame, id_t except_user,
             const caf::actor_addr& except_session) {
  for (auto& [user, sessions] : self->state.subscribers) {
    if (user == except_user)
      continue;
    for (auto& s : sessions)
      if (s.address() != except_session)
        self->send(s, frame_atom_v, frame);
  }
}

void arm_idle_timer(room_pointer self, std::chrono::milliseconds after) {
  if (self->state.idle_timer)
    return;
  self->state.idle_timer = true;
  self->delayed_send(self, after, idle_check_atom_v);
}

/// Quits when the registry has asked to and nothing is in flight.
void maybe_quit(room_pointer self) {
  if (self->state.quitting && self->state.pending == 0)
    self->quit();
}

/// In a cluster, a message:new is fanned out in seq order, once, whichever node it came from
/// (seq_order); one past a gap waits, and after `gap_wait` the room reads what is missing
/// from the database (catch_up), so a message lost with Redis is still delivered.
constexpr std::chrono::milliseconds gap_wait{200};
/// At most this many wait behind a gap the database cannot fill (it is down): past it they go
/// out as they are, and clients fill the gap with messages:sync.
constexpr std::size_t max_held = 1000;

void deliver_in_order(room_pointer self, std::int64_t seq, held_message m) {
  auto& st = self->state;
  for (auto& h : st.order.offer(seq, std::move(m)))
    fan_out(self, h.frame, h.except_user, h.except_session);
  if (st.order.held() > max_held) {
    log::warn("room " + std::to_string(st.id) + ": a gap in seqs could not be filled; delivering past it");
    for (auto& h : st.order.release_all())
      fan_out(self, h.frame, h.except_user, h.except_session);
  }
  if (st.order.waiting() && !st.gap_timer) {
    st.gap_timer = true;
    self->delayed_send(self, gap_wait, cl_resync_atom_v);
  }
}

/// fan_out() on this node and, in a cluster, one publication of the event for the other nodes
/// (Socket.IO room "room:<id>"; `except_user`'s sockets skip it there too). `seq`: that of a
/// message:new (delivered in order), or 0.
void broadcast(room_pointer self, std::string_view event, json payload, id_t except_user,
               const caf::actor_addr& except_session, std::int64_t seq = 0) {
  auto& cluster = self->state.deps.cluster;
  if (!cluster) {
    fan_out(self, make_frame(event, std::move(payload)), except_user, except_session);
    return;
  }
  json array = json::array();
  array.push_back(event);
  array.push_back(std::move(payload));
  auto frame = make_frame(array);
  self->send(cluster, cl_publish_atom_v, self->state.id, std::move(array), except_user);
  if (seq > 0)
    deliver_in_order(self, seq, held_message{std::move(frame), except_user, except_session});
  else
    fan_out(self, frame, except_user, except_session);
}

/// Tells the other nodes that the members changed (they subscribe or drop their sessions).
void publish_members(room_pointer self, std::vector<id_t> added, std::vector<id_t> removed) {
  if (auto& cluster = self->state.deps.cluster)
    self->send(cluster, cl_members_atom_v, self->state.info, std::move(added), std::move(removed));
}

/// Reads the messages after the last one delivered here from the database and delivers them
/// (in order, once): after a gap waited too long, or when Redis was away.
void catch_up(room_pointer self) {
  auto& st = self->state;
  ++st.pending;
  self->request(st.deps.readers, st.deps.opts.request_timeout, after_atom_v, st.id,
                st.order.watermark(), std::int32_t{500})
    .then(
      [self](std::vector<message_info>& ms) {
        auto& st = self->state;
        --st.pending;
        for (auto& m : ms) {
          st.info.last_seq = std::max(st.info.last_seq, m.seq);
          held_message held{make_frame("message:new", json{{"message", message_json(m)}}), 0, {}};
          // Maybe sent through this node and not answered yet (a slow commit): its answer
          // delivers it, skipping the socket that sent it; from here the sender would get it
          // too. Set aside until the answers tell (claim).
          if (st.sending.count({m.sender_id, m.client_msg_id}) > 0)
            st.unclaimed.emplace(m.seq, std::move(held));
          else
            deliver_in_order(self, m.seq, std::move(held));
        }
        maybe_quit(self);
      },
      [self](caf::error& err) {
        --self->state.pending;
        log::warn("room " + std::to_string(self->state.id) + ": catch-up failed: " + message_of(err));
        maybe_quit(self);
      });
}

/// The store answered the send `key` with `seq` (0: it failed), which its answer fanned out
/// unless a duplicate. The store answers this room's sends in seq order, so what catch-up set
/// aside below `seq`, or anything once no send is left unanswered, was another node's (the
/// same user and clientMsgId): delivered now (seq_order drops what was delivered already).
void claim(room_pointer self, sending_set::iterator key, std::int64_t seq, bool fanned_out) {
  auto& st = self->state;
  st.sending.erase(key);
  for (auto it = st.unclaimed.begin();
       it != st.unclaimed.end() && (st.sending.empty() || it->first <= seq);
       it = st.unclaimed.erase(it))
    if (!(fanned_out && it->first == seq))
      deliver_in_order(self, it->first, std::move(it->second));
}

void drop_session(room_pointer self, const caf::actor_addr& session) {
  auto& subs = self->state.subscribers;
  for (auto it = subs.begin(); it != subs.end();) {
    auto& v = it->second;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [&](const session_actor& a) { return a.address() == session; }),
            v.end());
    it = v.empty() ? subs.erase(it) : std::next(it);
  }
  if (!has_subscribers(self))
    arm_idle_timer(self, self->state.deps.opts.room_idle_timeout);
}

/// Fans the room's events out to `session` (of member `user`) from now on; idempotent.
void add_subscriber(room_pointer self, id_t user, const session_actor& session) {
  auto& v = self->state.subscribers[user];
  if (std::find(v.begin(), v.end(), session) == v.end()) {
    v.push_back(session);
    self->monitor(session);
  }
}

/// Counts a request to the store or the readers as in flight (the room never retires with
/// work in flight): `request(...).then(counted(self, f), failed(self, rp))`.
template <class F, class... Ts>
auto counted_impl(room_pointer self, F f, caf::detail::type_list<Ts...>) {
  ++self->state.pending;
  return [self, f](Ts... xs) mutable {
    --self->state.pending;
    f(std::forward<Ts>(xs)...);
    maybe_quit(self);
  };
}

template <class F>
auto counted(room_pointer self, F f) {
  using args = typename caf::detail::get_callable_trait<F>::arg_types;
  return counted_impl(self, std::move(f), args{});
}

/// The error handler that goes with counted(): the request failed, so does the promise.
template <class Promise>
auto failed(room_pointer self, Promise rp) {
  return [self, rp](caf::error& err) mutable {
    --self->state.pending;
    rp.deliver(std::move(err));
    maybe_quit(self);
  };
}

/// Completes a membership change: subscribes the live sessions of `users` (members), tells
/// each with `frame` (room:new) that it is subscribed, then calls `done`. Subscribed first,
/// told second, answered last, so whoever learns of the room reaches everyone in it. A
/// session that connects meanwhile registered with presence before loading its rooms from
/// the database: it is in the registry's answer, or it finds the room there.
template <class Done>
void subscribe_members(room_pointer self, std::vector<id_t> users, frame_ptr frame, Done done) {
  if (users.empty()) {
    done();
    return;
  }
  ++self->state.pending;
  self->request(self->state.deps.presence_registry, self->state.deps.opts.request_timeout,
                sessions_atom_v, std::move(users))
    .then(
      [self, frame, done](std::vector<id_t>& owners,
                          std::vector<session_actor>& sessions) mutable {
        --self->state.pending;
        for (std::size_t i = 0; i < owners.size() && i < sessions.size(); ++i) {
          if (!is_member(self, owners[i]))
            continue;  // left while we asked
          add_subscriber(self, owners[i], sessions[i]);
          self->send(sessions[i], room_new_atom_v, self->state.id, frame);
        }
        done();
        maybe_quit(self);
      },
      [self, done](caf::error& err) mutable {
        // Committed all the same: the members find the room when they (re)connect.
        --self->state.pending;
        log::warn("room " + std::to_string(self->state.id) + ": cannot reach new members: "
                  + message_of(err));
        done();
        maybe_quit(self);
      });
}

/// Wraps a handler so that its message waits in the mailbox (skipped) until the room is
/// loaded; every handler returns a caf::result, which a skip converts to.
template <class F, class... Ts>
auto once_loaded_impl(room_pointer self, F f, caf::detail::type_list<Ts...>) {
  using result = typename caf::detail::get_callable_trait<F>::result_type;
  return [self, f](Ts... xs) mutable -> result {
    if (!self->state.loaded)
      return caf::skip;
    return f(std::forward<Ts>(xs)...);
  };
}

template <class F>
auto once_loaded(room_pointer self, F f) {
  using args = typename caf::detail::get_callable_trait<F>::arg_types;
  return once_loaded_impl(self, std::move(f), args{});
}

/// Takes the members from the database (or learns the room does not exist), then serves.
void load(room_pointer self) {
  self->request(self->state.deps.readers, self->state.deps.opts.request_timeout,
                find_room_atom_v, self->state.id)
    .then(
      [self](room_info& info) {
        auto& st = self->state;
        st.loaded = true;
        st.exists = true;
        for (auto& m : info.members)
          st.members.insert(m.id);
        st.order.start_at(info.last_seq);
        st.info = std::move(info);
        arm_idle_timer(self, st.deps.opts.room_idle_timeout);
      },
      [self](caf::error& err) {
        // Unknown room (or the database failed): answer forbidden until retired.
        if (errc_of(err) != chat_errc::not_found)
          log::warn("room " + std::to_string(self->state.id) + ": load failed: "
                    + message_of(err));
        self->state.loaded = true;
        arm_idle_timer(self, self->state.deps.opts.room_idle_timeout);
      });
}

}  // namespace

room_actor::behavior_type room(room_pointer self, id_t room_id, room_deps deps) {
  self->state.id = room_id;
  self->state.deps = std::move(deps);
  self->state.last_activity = self->clock().now();
  self->set_down_handler([self](caf::down_msg& dm) { drop_session(self, dm.source); });
  load(self);
  return {
    // -- life cycle --------------------------------------------------------------------------
    once_loaded(self, [self](idle_check_atom) -> caf::result<void> {
      auto& st = self->state;
      st.idle_timer = false;
      if (has_subscribers(self))
        return caf::unit;
      auto idle_for = self->clock().now() - st.last_activity;
      auto timeout = st.deps.opts.room_idle_timeout;
      if (st.pending > 0 || idle_for < timeout) {
        arm_idle_timer(self, std::max(std::chrono::milliseconds{1},
                                      std::chrono::duration_cast<std::chrono::milliseconds>(
                                        timeout - idle_for)));
        return caf::unit;
      }
      // The registry drops us only if it has sent nothing we have not seen yet.
      self->send(st.deps.registry, retire_atom_v, st.id, st.seen);
      arm_idle_timer(self, timeout);
      return caf::unit;
    }),
    [self](quit_atom) {
      self->state.quitting = true;
      maybe_quit(self);
    },
    // -- subscriptions (from the registry) ---------------------------------------------------
    once_loaded(self, [self](room_sub_atom, id_t user, session_actor& session) -> caf::result<bool> {
      ++self->state.seen;
      self->state.last_activity = self->clock().now();
      if (!is_member(self, user))
        return forbidden();
      add_subscriber(self, user, session);
      return true;
    }),
    once_loaded(self, [self](caf::get_atom) -> caf::result<std::vector<id_t>> {
      ++self->state.seen;
      std::vector<id_t> out;
      for (auto& [user, sessions] : self->state.subscribers)
        out.insert(out.end(), sessions.size(), user);
      std::sort(out.begin(), out.end());
      return out;
    }),
    [self](room_unsub_atom, const session_actor& session) {
      self->state.last_activity = self->clock().now();
      drop_session(self, session.address());
    },
    once_loaded(self, [self](presence_atom, id_t user, bool online) -> caf::result<void> {
      for (auto& [member, sessions] : self->state.subscribers)
        if (member != user)
          for (auto& s : sessions)
            self->send(s, presence_atom_v, user, online);
      return caf::unit;
    }),
    // -- messages ----------------------------------------------------------------------------
    once_loaded(self, [self](msg_send_atom, id_t user, std::string& body, id_t parent,
                             std::string& cmid) -> caf::result<frame_ptr> {
      self->state.last_activity = self->clock().now();
      if (!is_member(self, user))
        return forbidden();
      // The sending session gets the ack, not a message:new.
      auto sender = caf::actor_cast<caf::actor_addr>(self->current_sender());
      auto rp = self->make_response_promise<frame_ptr>();
      auto& st = self->state;
      auto key = st.sending.emplace(user, cmid);
      self->request(st.deps.store, caf::infinite, append_atom_v, st.id, user, std::move(body),
                    parent, std::move(cmid))
        .then(counted(self, [self, sender, rp, key](message_info& m, bool duplicate) mutable {
                // Committed. Duplicates were fanned out the first time. Fan-out follows seq
                // order: this room is the only writer of its messages, and the store answers
                // its writes in the order it ran (and numbered) them. The message is encoded
                // once, for the sender's ack and every recipient's frame.
                auto text = std::make_shared<const std::string>(message_json_text(m));
                if (!duplicate) {
                  self->state.info.last_seq = std::max(self->state.info.last_seq, m.seq);
                  if (self->state.deps.cluster)
                    broadcast(self, "message:new", json{{"message", message_json(m)}}, 0, sender,
                              m.seq);
                  else
                    fan_out(self, message_new_frame(*text), 0, sender);
                }
                claim(self, key, m.seq, !duplicate);
                rp.deliver(std::move(text));
              }),
              [self, key, fail = failed(self, rp)](caf::error& err) mutable {
                claim(self, key, 0, false);
                fail(err);
              });
      return rp;
    }),
    once_loaded(self, [self](history_atom, id_t user, std::int64_t before,
                             std::int32_t limit) -> caf::result<std::vector<message_info>> {
      if (!is_member(self, user))
        return forbidden();
      auto rp = self->make_response_promise<std::vector<message_info>>();
      rp.delegate(self->state.deps.readers, before_atom_v, self->state.id, before, limit);
      return rp;
    }),
    once_loaded(self, [self](msg_sync_atom, id_t user, std::int64_t after,
                             std::int32_t limit) -> caf::result<std::vector<message_info>> {
      if (!is_member(self, user))
        return forbidden();
      auto rp = self->make_response_promise<std::vector<message_info>>();
      rp.delegate(self->state.deps.readers, after_atom_v, self->state.id, after, limit);
      return rp;
    }),
    once_loaded(self, [self](msg_read_atom, id_t user,
                             std::int64_t seq) -> caf::result<std::int64_t> {
      if (!is_member(self, user))
        return forbidden();
      auto& st = self->state;
      auto rp = self->make_response_promise<std::int64_t>();
      seq = std::min(seq, st.info.last_seq);
      self->request(st.deps.store, caf::infinite, mark_read_atom_v, st.id, user, seq)
        .then(counted(self, [self, user, rp](std::int64_t stored) mutable {
                json payload{{"roomId", self->state.id}, {"userId", user}, {"seq", stored}};
                broadcast(self, "message:read", std::move(payload), user, {});
                rp.deliver(stored);
              }),
              failed(self, rp));
      return rp;
    }),
    once_loaded(self, [self](typing_atom, id_t user, bool typing) -> caf::result<bool> {
      if (!is_member(self, user))
        return forbidden();
      json payload{{"roomId", self->state.id}, {"userId", user}, {"typing", typing}};
      broadcast(self, "typing", std::move(payload), user, {});
      return true;
    }),
    // -- from the other nodes (cluster) -------------------------------------------------------
    once_loaded(self, [self](cl_frame_atom, const frame_ptr& frame, const std::vector<id_t>& except,
                             std::int64_t seq) -> caf::result<void> {
      auto& st = self->state;
      if (st.joining > 0)
        return caf::skip;  // a member is being subscribed: this event is for them too
      id_t except_user = except.empty() ? 0 : except.front();
      if (seq > 0) {
        st.info.last_seq = std::max(st.info.last_seq, seq);
        deliver_in_order(self, seq, held_message{frame, except_user, {}});
        return caf::unit;
      }
      for (auto& [user, sessions] : st.subscribers)
        if (std::find(except.begin(), except.end(), user) == except.end())
          for (auto& s : sessions)
            self->send(s, frame_atom_v, frame);
      return caf::unit;
    }),
    once_loaded(self, [self](cl_members_atom, room_info& room, std::vector<id_t>& added,
                             std::vector<id_t>& removed) -> caf::result<void> {
      auto& st = self->state;
      ++st.seen;
      st.last_activity = self->clock().now();
      st.exists = true;
      for (auto u : added)
        st.members.insert(u);
      for (auto u : removed) {
        st.members.erase(u);
        if (auto it = st.subscribers.find(u); it != st.subscribers.end()) {
          for (auto& s : it->second)
            self->send(s, room_gone_atom_v, st.id);
          st.subscribers.erase(it);
        }
      }
      room.last_seq = std::max(room.last_seq, st.info.last_seq);
      st.info = room;
      if (!has_subscribers(self))
        arm_idle_timer(self, st.deps.opts.room_idle_timeout);
      ++st.joining;
      subscribe_members(self, std::move(added), make_frame("room:new", json{{"room", room_json(room)}}),
                        [self] { --self->state.joining; });
      return caf::unit;
    }),
    [self](cl_resync_atom) {
      // From the gap timer, or from the registry when Redis was away.
      self->state.gap_timer = false;
      if (self->state.loaded && self->state.exists && self->state.deps.cluster)
        catch_up(self);
    },
    // -- membership --------------------------------------------------------------------------
    once_loaded(self, [self](room_new_atom, room_info& room) -> caf::result<bool> {
      // From the registry: just committed by the store (creation). Loaded before that commit
      // (someone asked for this id early), the room takes the store's word; else its own
      // state is newer.
      auto& st = self->state;
      ++st.seen;
      st.last_activity = self->clock().now();
      auto rp = self->make_response_promise<bool>();
      if (!st.exists) {
        st.exists = true;
        for (auto& m : room.members)
          st.members.insert(m.id);
        st.info = room;
      }
      std::vector<id_t> users;
      for (auto& m : room.members)
        if (st.members.count(m.id) > 0)
          users.push_back(m.id);
      publish_members(self, users, {});
      subscribe_members(self, std::move(users),
                        make_frame("room:new", json{{"room", room_json(room)}}),
                        [rp]() mutable { rp.deliver(true); });
      return rp;
    }),
    once_loaded(self, [self](room_add_atom, id_t user,
                             std::vector<id_t>& users) -> caf::result<room_info> {
      auto& st = self->state;
      if (!is_member(self, user))
        return forbidden();
      if (st.info.kind != "group")
        return make_caf_error(chat_errc::bad_request, "only group rooms take members");
      std::unordered_set<id_t> newcomers;
      for (auto u : users)
        if (st.members.count(u) == 0)
          newcomers.insert(u);
      // Checked against the members this actor knows: with several chatd processes, adds
      // through another one meanwhile may pass it by their own count (see docs/limits.md).
      if (st.members.size() + newcomers.size() > st.deps.opts.max_group_members)
        return make_caf_error(chat_errc::forbidden,
                              "a group room has at most "
                                + std::to_string(st.deps.opts.max_group_members) + " members");
      auto rp = self->make_response_promise<room_info>();
      self->request(st.deps.store, caf::infinite, add_members_atom_v, st.id, std::move(users))
        .then(counted(self, [self, rp](room_info& room) mutable {
                std::vector<id_t> added;
                for (auto& m : room.members)
                  if (self->state.members.insert(m.id).second)
                    added.push_back(m.id);
                room.last_seq = std::max(room.last_seq, self->state.info.last_seq);
                self->state.info = room;
                publish_members(self, added, {});
                auto frame = make_frame("room:new", json{{"room", room_json(room)}});
                ++self->state.pending;  // until the new members are subscribed and told
                subscribe_members(self, std::move(added), std::move(frame),
                                  [self, rp, room]() mutable {
                                    --self->state.pending;
                                    rp.deliver(std::move(room));
                                  });
              }),
              failed(self, rp));
      return rp;
    }),
    once_loaded(self, [self](room_leave_atom, id_t user) -> caf::result<bool> {
      auto& st = self->state;
      if (!is_member(self, user))
        return forbidden();
      if (st.info.kind != "group")
        return make_caf_error(chat_errc::bad_request, "a direct room cannot be left");
      auto rp = self->make_response_promise<bool>();
      self->request(st.deps.store, caf::infinite, remove_member_atom_v, st.id, user)
        .then(counted(self, [self, user, rp](bool) mutable {
                auto& st = self->state;
                st.members.erase(user);
                auto& ms = st.info.members;
                ms.erase(std::remove_if(ms.begin(), ms.end(),
                                        [&](const user_info& u) { return u.id == user; }),
                         ms.end());
                if (auto it = st.subscribers.find(user); it != st.subscribers.end()) {
                  for (auto& s : it->second)
                    self->send(s, room_gone_atom_v, st.id);
                  st.subscribers.erase(it);
                }
                if (!has_subscribers(self))
                  arm_idle_timer(self, st.deps.opts.room_idle_timeout);
                publish_members(self, {}, {user});
                rp.deliver(true);
              }),
              failed(self, rp));
      return rp;
    }),
  };
}

}  // namespace chat
