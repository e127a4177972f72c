// The room actor: membership checks, posting through the store, once-encoded fan-out in seq
// order, typing/read receipts, creation/add/leave (new members subscribed before anyone is
// told), presence forwarding, and idle retirement.
#include "actors/chat/room_actor.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "messages/caf_error.hpp"
#include "actors/store/chat_jobs.hpp"
#include "common/log.hpp"

namespace chat {

namespace {

using clock_type = std::chrono::steady_clock;

caf::error forbidden() {
  return make_caf_error(chat_errc::forbidden, "not a member of this room");
}

bool is_member(room_actor_t* self, id_t user) {
  return self->state.exists && self->state.members.count(user) > 0;
}

bool has_subscribers(room_actor_t* self) {
  for (auto& [user, sessions] : self->state.subscribers)
    if (!sessions.empty())
      return true;
  return false;
}

/// Sends `frame` to every subscribed session of every member but `except_user` (0: none),
/// skipping the session `except_session`.
void fan_out(room_actor_t* self, const frame_ptr& frame, id_t except_user,
             const caf::actor_addr& except_session) {
  for (auto& [user, sessions] : self->state.subscribers) {
    if (user == except_user)
      continue;
    for (auto& s : sessions)
      if (s.address() != except_session)
        self->send(s, frame_atom_v, frame);
  }
}

void arm_idle_timer(room_actor_t* self, std::chrono::milliseconds after) {
  if (self->state.idle_timer)
    return;
  self->state.idle_timer = true;
  self->delayed_send(self, after, idle_check_atom_v);
}

/// Quits when the registry has asked to and nothing is in flight.
void maybe_quit(room_actor_t* self) {
  if (self->state.quitting && self->state.pending == 0)
    self->quit();
}

void drop_session(room_actor_t* self, const caf::actor_addr& session) {
  auto& subs = self->state.subscribers;
  for (auto it = subs.begin(); it != subs.end();) {
    auto& v = it->second;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const caf::actor& a) {
              return a.address() == session;
            }), v.end());
    it = v.empty() ? subs.erase(it) : std::next(it);
  }
  if (!has_subscribers(self))
    arm_idle_timer(self, self->state.deps.opts.room_idle_timeout);
}

template <class F, class... Ts>
auto counted(room_actor_t* self, F f, caf::detail::type_list<Ts...>) {
  return [self, f](Ts... xs) mutable {
    --self->state.pending;
    f(std::forward<Ts>(xs)...);
    maybe_quit(self);
  };
}

/// Runs a job on `dest` and hands its reply to `on_ok` (which owns the response promise);
/// errors go to `rp`. Counts `pending` so the room never retires with work in flight.
template <class Job, class OnOk>
void run_job(room_actor_t* self, const caf::actor& dest, Job job, caf::response_promise rp,
             OnOk on_ok) {
  using args = typename caf::detail::get_callable_trait<OnOk>::arg_types;
  ++self->state.pending;
  self->request(dest, self->state.deps.opts.request_timeout, std::move(job))
    .then(counted(self, std::move(on_ok), args{}), [self, rp](caf::error& err) mutable {
      --self->state.pending;
      rp.deliver(std::move(err));
      maybe_quit(self);
    });
}

/// Fans the room's events out to `session` (of member `user`) from now on; idempotent.
void add_subscriber(room_actor_t* self, id_t user, const caf::actor& session) {
  auto& v = self->state.subscribers[user];
  if (std::find(v.begin(), v.end(), session) == v.end()) {
    v.push_back(session);
    self->monitor(session);
  }
}

/// Completes a membership change: subscribes the live sessions of `users` (members), tells
/// each with `frame` (room:new) that it is subscribed, then calls `done`. Subscribed first,
/// told second, answered last, so whoever learns of the room reaches everyone in it. A
/// session that connects meanwhile registered with presence before loading its rooms from
/// the database: it is in the registry's answer, or it finds the room there.
template <class Done>
void subscribe_members(room_actor_t* self, std::vector<id_t> users, frame_ptr frame, Done done) {
  if (users.empty()) {
    done();
    return;
  }
  ++self->state.pending;
  self->request(self->state.deps.presence_registry, self->state.deps.opts.request_timeout,
                sessions_atom_v, std::move(users))
    .then(
      [self, frame, done](std::vector<id_t>& owners, std::vector<caf::actor>& sessions) mutable {
        --self->state.pending;
        auto me = caf::actor_cast<caf::actor>(self);
        for (std::size_t i = 0; i < owners.size() && i < sessions.size(); ++i) {
          if (!is_member(self, owners[i]))
            continue;  // left while we asked
          add_subscriber(self, owners[i], sessions[i]);
          self->send(sessions[i], room_new_atom_v, me, self->state.id, frame);
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

caf::behavior ready(room_actor_t* self);

}  // namespace

caf::behavior room_actor(room_actor_t* self, id_t room_id, room_deps deps) {
  self->state.id = room_id;
  self->state.deps = std::move(deps);
  self->state.last_activity = clock_type::now();
  // Nothing is handled before the members are known: stash everything until then.
  self->set_default_handler(caf::skip);
  self->set_down_handler([self](caf::down_msg& dm) { drop_session(self, dm.source); });
  self->request(self->state.deps.readers, self->state.deps.opts.request_timeout,
                jobs::find_room(room_id))
    .then(
      [self](room_info& info) {
        self->state.exists = true;
        for (auto& m : info.members)
          self->state.members.insert(m.id);
        self->state.info = std::move(info);
        self->set_default_handler(caf::print_and_drop);
        self->become(ready(self));
      },
      [self](caf::error& err) {
        // Unknown room (or the database failed): answer forbidden until retired.
        if (errc_of(err) != chat_errc::not_found)
          log::warn("room " + std::to_string(self->state.id) + ": load failed: "
                    + message_of(err));
        self->set_default_handler(caf::print_and_drop);
        self->become(ready(self));
      });
  return {
    [](caf::unit_t) {},  // placeholder: every message is stashed while loading
  };
}

namespace {

caf::behavior ready(room_actor_t* self) {
  auto& st = self->state;
  arm_idle_timer(self, st.deps.opts.room_idle_timeout);
  return {
    // -- life cycle --------------------------------------------------------------------------
    [self](routed_atom, caf::message& inner) {
      ++self->state.seen;
      self->state.last_activity = clock_type::now();
      return self->delegate(caf::actor_cast<caf::actor>(self), std::move(inner));
    },
    [self](idle_check_atom) {
      auto& st = self->state;
      st.idle_timer = false;
      if (has_subscribers(self))
        return;
      auto idle_for = clock_type::now() - st.last_activity;
      auto timeout = st.deps.opts.room_idle_timeout;
      if (st.pending > 0 || idle_for < timeout) {
        arm_idle_timer(self, std::max(std::chrono::milliseconds{1},
                                      std::chrono::duration_cast<std::chrono::milliseconds>(
                                        timeout - idle_for)));
        return;
      }
      // The registry drops us only if it has sent nothing we have not seen yet.
      self->send(st.deps.registry, retire_atom_v, st.id, st.seen);
      arm_idle_timer(self, timeout);
    },
    [self](quit_atom) {
      self->state.quitting = true;
      maybe_quit(self);
    },
    // -- subscriptions -----------------------------------------------------------------------
    [self](room_sub_atom, id_t user) -> caf::result<caf::actor> {
      if (!is_member(self, user))
        return forbidden();
      auto session = caf::actor_cast<caf::actor>(self->current_sender());
      if (!session)
        return make_caf_error(chat_errc::bad_request, "anonymous subscription");
      add_subscriber(self, user, session);
      return caf::actor_cast<caf::actor>(self);
    },
    [self](caf::get_atom) {
      // Diagnostics (tests): the user of every subscribed session, sorted.
      std::vector<id_t> out;
      for (auto& [user, sessions] : self->state.subscribers)
        out.insert(out.end(), sessions.size(), user);
      std::sort(out.begin(), out.end());
      return out;
    },
    [self](room_unsub_atom) {
      self->state.last_activity = clock_type::now();
      if (auto s = self->current_sender())
        drop_session(self, caf::actor_cast<caf::actor_addr>(s));
    },
    [self](presence_atom, id_t user, bool online) {
      for (auto& [member, sessions] : self->state.subscribers)
        if (member != user)
          for (auto& s : sessions)
            self->send(s, presence_atom_v, user, online);
    },
    // -- messages ----------------------------------------------------------------------------
    [self](msg_send_atom, id_t user, std::string& body, id_t parent, std::string& cmid) {
      // Before make_response_promise: the promise takes the sender out of the message.
      auto sender = caf::actor_cast<caf::actor_addr>(self->current_sender());
      auto rp = self->make_response_promise();
      if (!is_member(self, user)) {
        rp.deliver(forbidden());
        return rp;
      }
      run_job(self, self->state.deps.store,
              jobs::append(self->state.id, user, std::move(body), parent, std::move(cmid)), rp,
              [self, sender, rp](message_info& m, bool duplicate) mutable {
                // Committed. Duplicates were fanned out the first time. Fan-out follows seq
                // order: this room is the only writer of its messages, and the store answers
                // its jobs in the order it ran (and numbered) them.
                if (!duplicate) {
                  self->state.info.last_seq = std::max(self->state.info.last_seq, m.seq);
                  fan_out(self, make_frame("message:new", json{{"message", message_json(m)}}),
                          0, sender);
                }
                rp.deliver(std::move(m));
              });
      return rp;
    },
    [self](history_atom, id_t user, std::int64_t before, std::int32_t limit) {
      auto rp = self->make_response_promise();
      if (!is_member(self, user))
        rp.deliver(forbidden());
      else
        rp.delegate(self->state.deps.readers, jobs::before(self->state.id, before, limit));
      return rp;
    },
    [self](msg_sync_atom, id_t user, std::int64_t after) {
      auto rp = self->make_response_promise();
      if (!is_member(self, user))
        rp.deliver(forbidden());
      else
        rp.delegate(self->state.deps.readers,
                    jobs::after(self->state.id, after, self->state.deps.opts.max_sync_messages));
      return rp;
    },
    [self](msg_read_atom, id_t user, std::int64_t seq) {
      auto rp = self->make_response_promise();
      if (!is_member(self, user)) {
        rp.deliver(forbidden());
        return rp;
      }
      seq = std::min(seq, self->state.info.last_seq);
      run_job(self, self->state.deps.store, jobs::mark_read(self->state.id, user, seq), rp,
              [self, user, rp](std::int64_t stored) mutable {
                json payload{{"roomId", self->state.id}, {"userId", user}, {"seq", stored}};
                fan_out(self, make_frame("message:read", std::move(payload)), user, {});
                rp.deliver(stored);
              });
      return rp;
    },
    [self](typing_atom, id_t user, bool typing) -> caf::result<bool> {
      if (!is_member(self, user))
        return forbidden();
      json payload{{"roomId", self->state.id}, {"userId", user}, {"typing", typing}};
      fan_out(self, make_frame("typing", std::move(payload)), user, {});
      return true;
    },
    // -- membership --------------------------------------------------------------------------
    [self](room_new_atom, room_info& room) {
      // Just committed by the store (creation). Loaded before that commit (someone asked
      // for this id early), the room takes the store's word; else its own state is newer.
      auto& st = self->state;
      auto rp = self->make_response_promise();
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
      subscribe_members(self, std::move(users),
                        make_frame("room:new", json{{"room", room_json(room)}}),
                        [rp]() mutable { rp.deliver(true); });
      return rp;
    },
    [self](room_add_atom, id_t user, std::vector<id_t>& users) {
      auto rp = self->make_response_promise();
      if (!is_member(self, user)) {
        rp.deliver(forbidden());
        return rp;
      }
      if (self->state.info.kind != "group") {
        rp.deliver(make_caf_error(chat_errc::bad_request, "only group rooms take members"));
        return rp;
      }
      run_job(self, self->state.deps.store, jobs::add_members(self->state.id, users), rp,
              [self, rp](room_info& room) mutable {
                std::vector<id_t> added;
                for (auto& m : room.members)
                  if (self->state.members.insert(m.id).second)
                    added.push_back(m.id);
                room.last_seq = std::max(room.last_seq, self->state.info.last_seq);
                self->state.info = room;
                auto frame = make_frame("room:new", json{{"room", room_json(room)}});
                subscribe_members(self, std::move(added), std::move(frame),
                                  [rp, room]() mutable { rp.deliver(std::move(room)); });
              });
      return rp;
    },
    [self](room_leave_atom, id_t user) {
      auto rp = self->make_response_promise();
      if (!is_member(self, user)) {
        rp.deliver(forbidden());
        return rp;
      }
      if (self->state.info.kind != "group") {
        rp.deliver(make_caf_error(chat_errc::bad_request, "a direct room cannot be left"));
        return rp;
      }
      run_job(self, self->state.deps.store, jobs::remove_member(self->state.id, user), rp,
              [self, user, rp](bool) mutable {
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
                rp.deliver(true);
              });
      return rp;
    },
  };
}

}  // namespace

}  // namespace chat
