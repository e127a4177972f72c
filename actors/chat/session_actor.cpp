// The session actor: its life cycle (presence, then the user's rooms, then "connect"; leave
// everything at close), what other actors send it, and the client's events (docs/protocol.md
// "Socket events"): validate, ask the room (or the store / presence registry), ack.
#include "actors/chat/session_actor.hpp"

#include <algorithm>
#include <memory>

#include <caf/all.hpp>

#include "actors/chat/event_validation.hpp"
#include "common/log.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"

namespace chat {

namespace {

session_actor me(session_pointer self) {
  return caf::actor_cast<session_actor>(self);
}

json ok(json fields = json::object()) {
  json out{{"ok", true}};
  for (auto& [k, v] : fields.items())
    out[k] = v;
  return out;
}

/// {ok: false, error} for a caf::error from another actor.
json error_ack_of(const caf::error& err) {
  auto code = errc_of(err);
  if (code == chat_errc::internal) {
    log::warn("session: request failed: " + message_of(err));
    return error_ack(code, "internal error");
  }
  return error_ack(code, message_of(err));
}

/// How many of `ms` (at most `limit`) fit one page of at most `max_bytes` once encoded; at
/// least one. A message's JSON is bounded without encoding it: an escape takes at most six
/// bytes per byte of text, and the other fields fit in a few hundred.
std::size_t page_size(const std::vector<message_info>& ms, std::size_t limit,
                      std::size_t max_bytes) {
  std::size_t n = 0, bytes = 0;
  for (const auto& m : ms) {
    if (n == limit)
      break;
    bytes += 6 * (m.body.size() + m.client_msg_id.size()) + 256;
    if (n > 0 && bytes > max_bytes)
      break;
    ++n;
  }
  return n;
}

json messages_json(const std::vector<message_info>& ms, std::size_t n) {
  json out = json::array();
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(message_json(ms[i]));
  return out;
}

/// Token bucket: false when the socket is over its send rate. Time is the actor clock's
/// (steady_clock; the test coordinator's manual clock in tests).
bool take_token(session_state& st, caf::actor_clock::time_point now) {
  std::chrono::duration<double> dt = now - st.refilled;
  st.refilled = now;
  st.tokens = std::min(st.deps.opts.rate_burst,
                       st.tokens + dt.count() * st.deps.opts.rate_per_second);
  if (st.tokens < 1)
    return false;
  st.tokens -= 1;
  return true;
}

/// Leaves every room and presence at once, then stops.
void shutdown(session_pointer self) {
  auto& st = self->state;
  if (st.closing)
    return;
  st.closing = true;
  for (auto& [id, room] : st.rooms)
    self->send(room, room_unsub_atom_v, me(self));
  st.rooms.clear();
  self->send(st.deps.presence_registry, p_leave_atom_v, st.user.id, me(self));
  self->quit();
}

// -- rooms ----------------------------------------------------------------------------------

/// Remembers `handle` as the actor of `room` and watches it: a room that dies is replaced by
/// subscribing again (see on_room_down), so its messages keep reaching this client.
void keep_room(session_pointer self, id_t room, room_actor handle) {
  auto& slot = self->state.rooms[room];
  if (slot == handle)
    return;
  self->monitor(handle);
  slot = std::move(handle);
}

/// Subscribes to `room` through the registry unless subscribed already; `done(error)` runs
/// once the room has answered (no error: subscribed).
template <class Done>
void subscribe(session_pointer self, id_t room, Done done) {
  auto& st = self->state;
  if (st.rooms.count(room) > 0)
    return done(caf::error{});
  self->request(st.deps.room_registry, st.deps.opts.request_timeout, room_sub_atom_v, room,
                st.user.id, me(self))
    .then(
      [self, room, done](room_actor& handle) mutable {
        if (self->state.closing) {
          self->send(handle, room_unsub_atom_v, me(self));
          return done(make_caf_error(chat_errc::internal, "the connection is closing"));
        }
        keep_room(self, room, std::move(handle));
        done(caf::error{});
      },
      [room, done](caf::error& err) mutable {
        log::debug("session: cannot subscribe to room " + std::to_string(room) + ": "
                   + message_of(err));
        done(std::move(err));
      });
}

/// A watched room died (it never quits while it has subscribers, so this is a failure): the
/// registry spawns its successor, which loads the room afresh, and we subscribe to it at once.
/// Messages committed meanwhile are recovered by the client's `messages:sync`.
void on_room_down(session_pointer self, const caf::down_msg& down) {
  auto& st = self->state;
  auto it = std::find_if(st.rooms.begin(), st.rooms.end(),
                         [&](const auto& kv) { return kv.second.address() == down.source; });
  if (it == st.rooms.end())
    return;
  auto room = it->first;
  st.rooms.erase(it);
  if (st.closing || st.member_of.count(room) == 0)
    return;
  log::warn("session: room " + std::to_string(room) + " went down (" + to_string(down.reason)
            + "); subscribing to its successor");
  subscribe(self, room, [](const caf::error&) {});
}

/// Asks the room: `ask(room_actor)` sends one typed request and returns its response handle;
/// `on_ok` gets the answer, errors are acked. Only rooms of the user are asked (a random room
/// id costs nothing); one not subscribed yet is subscribed first, and one that died
/// meanwhile is subscribed again and asked once more.
template <class Ask, class OnOk>
void ask_room(session_pointer self, id_t room, Ask ask, OnOk on_ok, ack_fn ack,
              bool retried = false) {
  auto& st = self->state;
  if (st.member_of.count(room) == 0) {
    answer(ack, error_ack(chat_errc::forbidden, "not a member of this room"));
    return;
  }
  auto go = [=](const room_actor& handle) {
    ask(handle).then(on_ok, [=](caf::error& err) {
      if (!retried && err == caf::sec::request_receiver_down) {
        if (auto it = self->state.rooms.find(room);
            it != self->state.rooms.end() && it->second == handle)
          self->state.rooms.erase(it);
        ask_room(self, room, ask, on_ok, ack, true);
        return;
      }
      answer(ack, error_ack_of(err));
    });
  };
  if (auto it = st.rooms.find(room); it != st.rooms.end())
    return go(it->second);
  subscribe(self, room, [=](caf::error err) {
    if (err)
      return answer(ack, error_ack_of(err));
    go(self->state.rooms.at(room));
  });
}

/// Hands a just-created room to its room actor (through the registry), which subscribes every
/// member's live session and sends them room:new; the ack follows, so it never outruns a
/// subscription.
void announce_room(session_pointer self, const room_info& room, const ack_fn& ack) {
  auto& st = self->state;
  st.member_of.insert(room.id);
  self->request(st.deps.room_registry, st.deps.opts.request_timeout, room_new_atom_v, room)
    .then([ack, room](room_actor&) { answer(ack, ok({{"room", room_json(room)}})); },
          [ack](caf::error& err) { answer(ack, error_ack_of(err)); });
}

// -- the client's events --------------------------------------------------------------------

/// Handles one client event; throws chat_error for bad input (acked by the caller).
void dispatch(session_pointer self, const std::string& name, const json& args,
              const ack_fn& ack) {
  auto& st = self->state;
  const id_t me_id = st.user.id;
  const auto timeout = st.deps.opts.request_timeout;
  // A room always answers (it waits for the store, which always answers) or dies, which
  // answers too (request_receiver_down): no timer per message on the hot path.
  const auto room_wait = caf::infinite;
  if (name == "message:send") {
    auto p = parse_message_send(args, st.deps.opts.max_body_chars);
    ask_room(
      self, p.room_id,
      [=](const room_actor& room) {
        return self->request(room, room_wait, msg_send_atom_v, me_id, p.body, p.parent_id,
                             p.client_msg_id);
      },
      [ack](const frame_ptr& message) { answer_message(ack, *message); }, ack);
  } else if (name == "messages:history") {
    auto p = parse_history(args);
    ask_room(
      self, p.room_id,
      [=](const room_actor& room) {
        return self->request(room, room_wait, history_atom_v, me_id, p.before,
                             static_cast<std::int32_t>(p.limit));
      },
      [ack, limit = p.limit, max_bytes = st.deps.opts.max_page_bytes](
        std::vector<message_info>& ms) {
        // Newest first: the oldest returned is the next page's bound, if older exist (seqs
        // are gapless from 1).
        auto n = page_size(ms, static_cast<std::size_t>(limit), max_bytes);
        json next = nullptr;
        bool full = n < ms.size() || n == static_cast<std::size_t>(limit);
        if (full && n > 0 && ms[n - 1].seq > 1)
          next = ms[n - 1].seq;
        answer(ack, ok({{"messages", messages_json(ms, n)}, {"nextBefore", next}}));
      },
      ack);
  } else if (name == "messages:sync") {
    auto p = parse_sync(args);
    ask_room(
      self, p.room_id,
      [=](const room_actor& room) {
        // One more than asked tells whether more follow.
        return self->request(room, room_wait, msg_sync_atom_v, me_id, p.after_seq,
                             static_cast<std::int32_t>(p.limit + 1));
      },
      [ack, limit = p.limit, max_bytes = st.deps.opts.max_page_bytes](
        std::vector<message_info>& ms) {
        auto n = page_size(ms, static_cast<std::size_t>(limit), max_bytes);
        answer(ack, ok({{"messages", messages_json(ms, n)}, {"hasMore", n < ms.size()}}));
      },
      ack);
  } else if (name == "message:read") {
    auto p = parse_read(args);
    ask_room(
      self, p.room_id,
      [=](const room_actor& room) {
        return self->request(room, room_wait, msg_read_atom_v, me_id, p.seq);
      },
      [ack](std::int64_t) { answer(ack, ok()); }, ack);
  } else if (name == "typing") {
    auto p = parse_typing(args);
    ask_room(
      self, p.room_id,
      [=](const room_actor& room) {
        return self->request(room, room_wait, typing_atom_v, me_id, p.typing);
      },
      [ack](bool) { answer(ack, ok()); }, ack);
  } else if (name == "room:add") {
    auto p = parse_add(args, st.deps.opts.max_user_ids);
    ask_room(
      self, p.room_id,
      [=](const room_actor& room) {
        return self->request(room, room_wait, room_add_atom_v, me_id, p.user_ids);
      },
      [ack](room_info& room) { answer(ack, ok({{"room", room_json(room)}})); }, ack);
  } else if (name == "room:leave") {
    auto room_id = parse_leave(args);
    ask_room(
      self, room_id,
      [=](const room_actor& room) {
        return self->request(room, room_wait, room_leave_atom_v, me_id);
      },
      [self, ack, room_id](bool) {
        self->state.rooms.erase(room_id);
        self->state.member_of.erase(room_id);
        answer(ack, ok());
      },
      ack);
  } else if (name == "room:direct") {
    auto other = parse_direct(args);
    if (other == me_id)
      throw chat_error(chat_errc::bad_request, "a direct room needs another user");
    self->request(st.deps.store, timeout, direct_atom_v, me_id, other)
      .then(
        [self, ack](room_info& room, bool created) {
          if (created)
            return announce_room(self, room, ack);
          self->state.member_of.insert(room.id);
          answer(ack, ok({{"room", room_json(room)}}));
        },
        [ack](caf::error& err) { answer(ack, error_ack_of(err)); });
  } else if (name == "room:create") {
    auto p = parse_create(args, st.deps.opts.max_user_ids);
    std::unordered_set<id_t> members(p.member_ids.begin(), p.member_ids.end());
    members.insert(me_id);
    if (members.size() > st.deps.opts.max_group_members)
      throw chat_error(chat_errc::forbidden, "a group room has at most "
                                               + std::to_string(st.deps.opts.max_group_members)
                                               + " members");
    self->request(st.deps.store, timeout, group_new_atom_v, std::move(p.name), me_id,
                  std::move(p.member_ids))
      .then([self, ack](room_info& room) { announce_room(self, room, ack); },
            [ack](caf::error& err) { answer(ack, error_ack_of(err)); });
  } else if (name == "presence:watch") {
    auto users = parse_watch(args, st.deps.opts.max_user_ids);
    // Only users that exist are watched (an id sprayer makes the server hold nothing), and a
    // socket watches at most max_watched_users; checked here, in the actor, so calls in
    // flight cannot overshoot together.
    self->request(st.deps.readers, timeout, existing_atom_v, users)
      .then(
        [self, ack, users, timeout](std::vector<id_t>& existing) {
          auto& st = self->state;
          std::size_t added = 0;
          for (auto u : existing)
            added += st.watched.count(u) == 0 ? 1 : 0;
          if (st.watched.size() + added > st.deps.opts.max_watched_users)
            return answer(ack, error_ack(chat_errc::payload_too_large,
                                         "a socket watches at most "
                                           + std::to_string(st.deps.opts.max_watched_users)
                                           + " users"));
          st.watched.insert(existing.begin(), existing.end());
          self->request(st.deps.presence_registry, timeout, p_watch_atom_v, existing, me(self))
            .then(
              [self, ack, users](std::vector<id_t>& online) {
                json list = json::array();
                for (auto u : users) {
                  bool on = std::find(online.begin(), online.end(), u) != online.end();
                  if (self->state.watched.count(u) > 0)
                    self->state.presence_sent.emplace(u, on);
                  list.push_back({{"userId", u}, {"online", on}});
                }
                answer(ack, ok({{"users", std::move(list)}}));
              },
              [ack](caf::error& err) { answer(ack, error_ack_of(err)); });
        },
        [ack](caf::error& err) { answer(ack, error_ack_of(err)); });
  } else {
    throw chat_error(chat_errc::bad_request, "unknown event " + name);
  }
}

// -- life cycle -----------------------------------------------------------------------------

/// Answers the client's CONNECT (it sees "connect" now) and starts serving it. The frames,
/// presence and room:new skipped while joining are tried again, in order, right after.
void go_live(session_pointer self, const socketio::connect_request_ptr& request) {
  auto& st = self->state;
  st.link = client_link{request->accept(bridge_handlers(me(self), st.deps.admission))};
  st.live = true;
  log::debug("session " + st.link.id() + ": user " + std::to_string(st.user.id) + " connected");
}

/// Presence first, then the rooms: a room created meanwhile either finds this session
/// registered (and subscribes it, then sends room:new) or is in the database when we read it.
/// The client is told it is connected only once every room of the user has this session as
/// subscriber: a message sent to those rooms after the client's "connect" reaches it.
void load_rooms(session_pointer self, socketio::connect_request_ptr request);

void join(session_pointer self, socketio::connect_request_ptr request) {
  auto& st = self->state;
  self
    ->request(st.deps.presence_registry, st.deps.opts.request_timeout, p_join_atom_v,
              st.user.id, st.token_hash, me(self))
    .then(
      [self, request](bool registered) {
        if (registered)
          return load_rooms(self, request);
        auto most = self->state.deps.opts.max_sockets_per_user;
        request->reject(json{{"message", "too many sockets for this user (" + std::to_string(most)
                                           + " at most): close another one first"}});
        shutdown(self);
      },
      [self, request](caf::error& err) {
        log::warn("session: presence did not register user "
                  + std::to_string(self->state.user.id) + ": " + message_of(err));
        request->reject(json{{"message", server_busy_message}});
        shutdown(self);
      });
}

void load_rooms(session_pointer self, socketio::connect_request_ptr request) {
  auto& st = self->state;
  self->request(st.deps.readers, st.deps.opts.request_timeout, room_ids_atom_v, st.user.id)
    .then(
      [self, request](std::vector<id_t>& rooms) {
        self->state.member_of.insert(rooms.begin(), rooms.end());
        if (rooms.empty())
          return go_live(self, request);
        auto left = std::make_shared<std::size_t>(rooms.size());
        for (auto id : rooms)
          subscribe(self, id, [self, request, left](const caf::error&) {
            if (--*left == 0)
              go_live(self, request);
          });
      },
      [self, request](caf::error& err) {
        log::warn("session: cannot load rooms of user " + std::to_string(self->state.user.id)
                  + ": " + message_of(err));
        go_live(self, request);
      });
}

}  // namespace

session_actor::behavior_type session(session_pointer self, session_args args) {
  auto& st = self->state;
  st.user = std::move(args.user);
  st.token_hash = std::move(args.token_hash);
  st.deps = std::move(args.deps);
  st.tokens = st.deps.opts.rate_burst;
  st.refilled = self->clock().now();
  self->set_down_handler([self](caf::down_msg& down) { on_room_down(self, down); });
  join(self, std::move(args.request));
  // Until live, what would reach the client waits in the mailbox (skipped).
  return {
    [self](sio_event_atom, std::string& name, json& args, ack_fn& ack) {
      if (self->state.closing)
        return;
      if (!take_token(self->state, self->clock().now())) {
        answer(ack, error_ack(chat_errc::rate_limited, "too many events"));
        return;
      }
      try {
        dispatch(self, name, args, ack);
      } catch (const chat_error& e) {
        answer(ack, error_ack(e.code(), e.what()));
      } catch (const std::exception& e) {
        log::warn(std::string{"session: event "} + name + " failed: " + e.what());
        answer(ack, error_ack(chat_errc::internal, "internal error"));
      }
    },
    [self](sio_close_atom) { shutdown(self); },
    [self](logout_atom) -> caf::result<void> {
      if (!self->state.live)
        return caf::skip;
      self->state.link.disconnect();
      shutdown(self);
      return caf::unit;
    },
    [self](frame_atom, const frame_ptr& frame) -> caf::result<void> {
      if (!self->state.live)
        return caf::skip;
      self->state.link.send(frame);
      return caf::unit;
    },
    [self](presence_atom, id_t user, bool online) -> caf::result<void> {
      auto& st = self->state;
      if (!st.live)
        return caf::skip;
      auto [it, inserted] = st.presence_sent.emplace(user, online);
      if (inserted || it->second != online) {
        it->second = online;
        st.link.emit("presence", json{{"userId", user}, {"online", online}});
      }
      return caf::unit;
    },
    [self](room_new_atom, id_t room_id, const frame_ptr& frame) -> caf::result<void> {
      // The sending room subscribed us (we are a new member) before telling us.
      auto& st = self->state;
      auto room = caf::actor_cast<room_actor>(self->current_sender());
      if (st.closing) {
        self->send(room, room_unsub_atom_v, me(self));
        return caf::unit;
      }
      if (!st.live)
        return caf::skip;
      st.member_of.insert(room_id);
      keep_room(self, room_id, std::move(room));
      st.link.send(frame);
      return caf::unit;
    },
    [self](room_gone_atom, id_t room) {
      self->state.rooms.erase(room);
      self->state.member_of.erase(room);
    },
  };
}

}  // namespace chat
