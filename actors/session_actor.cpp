// The session actor's life cycle and the messages other actors send it; the client's events
// are handled in session_events.cpp.
#include "actors/session_actor.hpp"

#include <caf/all.hpp>

#include "actors/chat_caf_error.hpp"
#include "actors/chat_jobs.hpp"
#include "messages/log.hpp"

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

caf::behavior session_actor(session_actor_t* self, session_args args) {
  auto& st = self->state;
  st.user = std::move(args.user);
  st.token_hash = std::move(args.token_hash);
  st.deps = std::move(args.deps);
  st.tokens = st.deps.opts.rate_burst;
  st.refilled = std::chrono::steady_clock::now();
  // Presence first, then the rooms: a room created meanwhile either finds this session
  // registered (and subscribes it) or is already in the database when we read it. Before
  // the accept, so a room created after the client saw its connection always finds us.
  self->send(st.deps.presence_registry, p_join_atom_v, st.user.id, st.token_hash);
  // Accept here so the socket's events already have this actor as their destination.
  st.link = client_link{args.request->accept(bridge_handlers(caf::actor_cast<caf::actor>(self)))};
  log::debug("session " + st.link.id() + ": user " + std::to_string(st.user.id) + " connected");
  self->request(st.deps.readers, st.deps.opts.request_timeout, jobs::room_ids_of(st.user.id))
    .then(
      [self](std::vector<id_t>& rooms) {
        for (auto id : rooms)
          session_detail::subscribe(self, id);
      },
      [self](caf::error& err) {
        log::warn("session: cannot load rooms of user " + std::to_string(self->state.user.id)
                  + ": " + message_of(err));
      });
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

namespace session_detail {

void subscribe(session_actor_t* self, id_t room) {
  if (self->state.rooms.count(room) > 0)
    return;
  self->request(self->state.deps.room_registry, self->state.deps.opts.request_timeout,
                routed_atom_v, room, caf::make_message(room_sub_atom_v, self->state.user.id))
    .then(
      [self, room](caf::actor& handle) {
        if (self->state.closing)
          self->send(handle, room_unsub_atom_v);
        else
          self->state.rooms[room] = handle;
      },
      [self, room](caf::error& err) {
        log::debug("session: cannot subscribe to room " + std::to_string(room) + ": "
                   + message_of(err));
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
