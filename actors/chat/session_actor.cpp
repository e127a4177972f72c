// The session actor's life cycle and the messages other actors send it; the client's events
// are handled in session_events.cpp.
#include "actors/chat/session_actor.hpp"

#include <caf/all.hpp>

#include "messages/caf_error.hpp"
#include "actors/store/chat_jobs.hpp"
#include "common/log.hpp"

namespace chat {

namespace {

/// Leaves every room and presence at once, then stops.
void shutdown(session_actor_t* self) {
  auto& st = self->state;
  if (st.closing)
    return;
  st.closing = true;
  for (auto& [id, room] : st.rooms)
    self->send(room, room_unsub_atom_v);
  st.rooms.clear();
  self->send(st.deps.presence_registry, p_leave_atom_v, st.user.id);
  self->quit();
}

/// Token bucket: false when the socket is over its send rate.
bool take_token(session_state& st) {
  auto now = std::chrono::steady_clock::now();
  std::chrono::duration<double> dt = now - st.refilled;
  st.refilled = now;
  st.tokens = std::min(st.deps.opts.rate_burst, st.tokens + dt.count() * st.deps.opts.rate_per_second);
  if (st.tokens < 1)
    return false;
  st.tokens -= 1;
  return true;
}

}  // namespace

namespace {

/// The session once its client is connected: the client's events, and what other actors send.
caf::behavior live(session_actor_t* self) {
  return {
    [self](sio_event_atom, std::string& name, json& args, socketio::ack_fn& ack) {
      if (self->state.closing)
        return;
      if (!take_token(self->state)) {
        answer(ack, error_ack(chat_errc::rate_limited, "too many events"));
        return;
      }
      try {
        session_detail::dispatch(self, name, args, ack);
      } catch (const chat_error& e) {
        answer(ack, error_ack(e.code(), e.what()));
      } catch (const std::exception& e) {
        log::warn(std::string{"session: event "} + name + " failed: " + e.what());
        answer(ack, error_ack(chat_errc::internal, "internal error"));
      }
    },
    [self](sio_close_atom) { shutdown(self); },
    [self](logout_atom) {
      self->state.link.disconnect();
      shutdown(self);
    },
    [self](frame_atom, const frame_ptr& frame) { self->state.link.send(frame); },
    [self](presence_atom, id_t user, bool online) {
      auto [it, inserted] = self->state.presence_sent.emplace(user, online);
      if (!inserted && it->second == online)
        return;  // already told the client
      it->second = online;
      self->state.link.emit("presence", json{{"userId", user}, {"online", online}});
    },
    [self](room_new_atom, caf::actor& room, id_t room_id, const frame_ptr& frame) {
      // The room subscribed us (we are a new member) before telling us.
      if (self->state.closing) {
        self->send(room, room_unsub_atom_v);
        return;
      }
      self->state.rooms[room_id] = std::move(room);
      self->state.link.send(frame);
    },
    [self](room_gone_atom, id_t room) { self->state.rooms.erase(room); },
  };
}

/// Answers the client's CONNECT (it sees "connect" now) and starts serving it.
void go_live(session_actor_t* self, const socketio::connect_request_ptr& request) {
  auto& st = self->state;
  st.link = client_link{request->accept(bridge_handlers(caf::actor_cast<caf::actor>(self)))};
  log::debug("session " + st.link.id() + ": user " + std::to_string(st.user.id) + " connected");
  self->set_default_handler(caf::print_and_drop);
  // The frames, presence and room:new skipped while joining are tried again, in order.
  self->become(live(self));
}

}  // namespace

caf::behavior session_actor(session_actor_t* self, session_args args) {
  auto& st = self->state;
  st.user = std::move(args.user);
  st.token_hash = std::move(args.token_hash);
  st.deps = std::move(args.deps);
  st.tokens = st.deps.opts.rate_burst;
  st.refilled = std::chrono::steady_clock::now();
  // Presence first, then the rooms: a room created meanwhile either finds this session
  // registered (and subscribes it, then sends room:new) or is in the database when we read it.
  self->send(st.deps.presence_registry, p_join_atom_v, st.user.id, st.token_hash);
  // The client is told it is connected only once every room of the user has this session as
  // subscriber: a message sent to those rooms after the client's "connect" reaches it (a
  // client that connects, then hears nothing of a message sent right after, has lost it).
  // Until then fan-out frames, presence and room:new wait in the mailbox (skipped).
  self->set_default_handler(caf::skip);
  auto request = std::move(args.request);
  self->request(st.deps.readers, st.deps.opts.request_timeout, jobs::room_ids_of(st.user.id))
    .then(
      [self, request](std::vector<id_t>& rooms) {
        if (rooms.empty())
          return go_live(self, request);
        auto left = std::make_shared<std::size_t>(rooms.size());
        for (auto id : rooms)
          session_detail::subscribe(self, id, [self, request, left] {
            if (--*left == 0)
              go_live(self, request);
          });
      },
      [self, request](caf::error& err) {
        log::warn("session: cannot load rooms of user " + std::to_string(self->state.user.id)
                  + ": " + message_of(err));
        go_live(self, request);
      });
  // Joining: the responses above bypass the behaviour; everything else but this waits.
  return {
    [self](room_gone_atom, id_t room) { self->state.rooms.erase(room); },
  };
}

namespace session_detail {

void subscribe(session_actor_t* self, id_t room, std::function<void()> done) {
  if (self->state.rooms.count(room) > 0) {
    if (done)
      done();
    return;
  }
  self->request(self->state.deps.room_registry, self->state.deps.opts.request_timeout,
                routed_atom_v, room, caf::make_message(room_sub_atom_v, self->state.user.id))
    .then(
      [self, room, done](caf::actor& handle) {
        if (self->state.closing)
          self->send(handle, room_unsub_atom_v);
        else
          self->state.rooms[room] = handle;
        if (done)
          done();
      },
      [self, room, done](caf::error& err) {
        log::debug("session: cannot subscribe to room " + std::to_string(room) + ": "
                   + message_of(err));
        if (done)
          done();
      });
}

json error_ack_of(const caf::error& err) {
  auto code = errc_of(err);
  if (code == chat_errc::internal) {
    log::warn("session: request failed: " + message_of(err));
    return error_ack(code, "internal error");
  }
  return error_ack(code, message_of(err));
}

}  // namespace session_detail

}  // namespace chat
