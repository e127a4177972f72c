// The client's events (PROTOCOL.md "Socket events, client -> server"): validate, ask the
// room (or the store / presence registry), answer the ack with {ok: true, ...} or an error.
#include <caf/all.hpp>

#include "messages/caf_error.hpp"
#include "actors/store/chat_jobs.hpp"
#include "actors/chat/event_validation.hpp"
#include "actors/chat/session_actor.hpp"

namespace chat::session_detail {

namespace {

json ok(json fields = json::object()) {
  json out{{"ok", true}};
  for (auto& [k, v] : fields.items())
    out[k] = v;
  return out;
}

/// Sends `inner` to the room: directly when subscribed, else through the registry. A room
/// that died meanwhile is retried once through the registry (which spawns a fresh one).
template <class OnOk>
void ask_room(session_actor_t* self, id_t room, caf::message inner, OnOk on_ok,
              socketio::ack_fn ack, bool retried = false) {
  auto& st = self->state;
  caf::actor dest = st.deps.room_registry;
  caf::message msg = caf::make_message(routed_atom_v, room, inner);
  if (auto it = st.rooms.find(room); it != st.rooms.end() && !retried) {
    dest = it->second;
    msg = inner;
  }
  self->request(dest, st.deps.opts.request_timeout, std::move(msg))
    .then(on_ok,
          [self, room, inner, on_ok, ack, retried, dest](caf::error& err) {
            if (!retried && err == caf::sec::request_receiver_down) {
              if (auto it = self->state.rooms.find(room);
                  it != self->state.rooms.end() && it->second == dest)
                self->state.rooms.erase(it);
              ask_room(self, room, inner, on_ok, ack, true);
              return;
            }
            answer(ack, error_ack_of(err));
          });
}

/// Sends a job to the store; `on_ok` gets its reply, errors are acked.
template <class OnOk>
void ask_store(session_actor_t* self, write_job job, OnOk on_ok, socketio::ack_fn ack) {
  self->request(self->state.deps.store, self->state.deps.opts.request_timeout, std::move(job))
    .then(std::move(on_ok),
          [ack](caf::error& err) { answer(ack, error_ack_of(err)); });
}

json messages_json(const std::vector<message_info>& ms) {
  json out = json::array();
  for (const auto& m : ms)
    out.push_back(message_json(m));
  return out;
}

/// Hands a just-created room to its room actor, which subscribes every member's live
/// sessions and sends them room:new; the ack follows, so it never outruns a subscription.
void announce_room(session_actor_t* self, const room_info& room, socketio::ack_fn ack) {
  ask_room(self, room.id, caf::make_message(room_new_atom_v, room),
           [ack, room](bool) { answer(ack, ok({{"room", room_json(room)}})); }, ack);
}

}  // namespace

void dispatch(session_actor_t* self, const std::string& name, const json& args,
              const socketio::ack_fn& ack) {
  auto& st = self->state;
  const id_t me = st.user.id;
  if (name == "message:send") {
    auto p = parse_message_send(args, st.deps.opts.max_body_chars);
    ask_room(self, p.room_id,
             caf::make_message(msg_send_atom_v, me, std::move(p.body), p.parent_id,
                               std::move(p.client_msg_id)),
             [ack](message_info& m) { answer(ack, ok({{"message", message_json(m)}})); }, ack);
  } else if (name == "messages:history") {
    auto p = parse_history(args);
    ask_room(self, p.room_id,
             caf::make_message(history_atom_v, me, p.before, static_cast<std::int32_t>(p.limit)),
             [ack, limit = p.limit](std::vector<message_info>& ms) {
               // Newest first: the oldest returned is the next page's bound, if older exist.
               json next = nullptr;
               if (static_cast<int>(ms.size()) == limit && !ms.empty() && ms.back().seq > 1)
                 next = ms.back().seq;
               answer(ack, ok({{"messages", messages_json(ms)}, {"nextBefore", next}}));
             },
             ack);
  } else if (name == "messages:sync") {
    auto p = parse_sync(args);
    ask_room(self, p.room_id, caf::make_message(msg_sync_atom_v, me, p.after_seq),
             [ack](std::vector<message_info>& ms) {
               answer(ack, ok({{"messages", messages_json(ms)}}));
             },
             ack);
  } else if (name == "message:read") {
    auto p = parse_read(args);
    ask_room(self, p.room_id, caf::make_message(msg_read_atom_v, me, p.seq),
             [ack](std::int64_t) { answer(ack, ok()); }, ack);
  } else if (name == "typing") {
    auto p = parse_typing(args);
    ask_room(self, p.room_id, caf::make_message(typing_atom_v, me, p.typing),
             [ack](bool) { answer(ack, ok()); }, ack);
  } else if (name == "room:add") {
    auto p = parse_add(args, st.deps.opts.max_user_ids);
    ask_room(self, p.room_id, caf::make_message(room_add_atom_v, me, std::move(p.user_ids)),
             [ack](room_info& room) { answer(ack, ok({{"room", room_json(room)}})); }, ack);
  } else if (name == "room:leave") {
    auto room_id = parse_leave(args);
    ask_room(self, room_id, caf::make_message(room_leave_atom_v, me),
             [self, ack, room_id](bool) {
               self->state.rooms.erase(room_id);
               answer(ack, ok());
             },
             ack);
  } else if (name == "room:direct") {
    auto other = parse_direct(args);
    if (other == me)
      throw chat_error(chat_errc::bad_request, "a direct room needs another user");
    ask_store(self, jobs::direct_room(me, other),
              [self, ack](room_info& room, bool created) {
                if (created)
                  announce_room(self, room, ack);
                else
                  answer(ack, ok({{"room", room_json(room)}}));
              },
              ack);
  } else if (name == "room:create") {
    auto p = parse_create(args, st.deps.opts.max_user_ids);
    ask_store(self, jobs::create_group(std::move(p.name), me, std::move(p.member_ids)),
              [self, ack](room_info& room) { announce_room(self, room, ack); },
              ack);
  } else if (name == "presence:watch") {
    auto users = parse_watch(args, st.deps.opts.max_user_ids);
    self->request(st.deps.presence_registry, st.deps.opts.request_timeout, p_watch_atom_v, users)
      .then(
        [self, ack, users](std::vector<id_t>& online) {
          json list = json::array();
          for (auto u : users) {
            bool on = std::find(online.begin(), online.end(), u) != online.end();
            self->state.presence_sent.emplace(u, on);
            list.push_back({{"userId", u}, {"online", on}});
          }
          answer(ack, ok({{"users", std::move(list)}}));
        },
        [ack](caf::error& err) { answer(ack, error_ack_of(err)); });
  } else {
    throw chat_error(chat_errc::bad_request, "unknown event " + name);
  }
}

}  // namespace chat::session_detail
