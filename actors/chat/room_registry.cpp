// The room registry: on-demand room actors, race-free retirement, presence to live rooms.
#include "actors/chat/room_registry.hpp"

#include <caf/all.hpp>

#include "messages/type_ids.hpp"

namespace chat {

namespace {

/// The room actor of `id` (spawned when missing), counting the message about to go to it.
const room_actor& room_for(room_registry_pointer self, id_t id) {
  return self->state.rooms.next_message_to(self, id, [&] {
    return self->spawn(room, id, self->state.deps);
  });
}

/// Subscribes `session` to the room of `room_id` and delivers its handle. A room that died
/// before the registry saw its down message is forgotten and replaced, once.
void subscribe(room_registry_pointer self, id_t room_id, id_t user, session_actor session,
               caf::typed_response_promise<room_actor> rp, bool may_retry) {
  auto room = room_for(self, room_id);
  self->request(room, caf::infinite, room_sub_atom_v, user, session)
    .then([rp, room](bool) mutable { rp.deliver(room); },
          [=](caf::error& err) mutable {
            if (may_retry && err == caf::sec::request_receiver_down) {
              self->state.rooms.forget(room.address());
              return subscribe(self, room_id, user, std::move(session), rp, false);
            }
            rp.deliver(std::move(err));
          });
}

room_registry_actor::behavior_type registry(room_registry_pointer self, room_deps deps) {
  self->state.deps = std::move(deps);
  self->state.deps.registry = caf::actor_cast<room_registry_actor>(self);
  self->set_down_handler([self](caf::down_msg& dm) { self->state.rooms.forget(dm.source); });
  // Shutting down takes the rooms along: the actor system waits for every actor to finish.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    self->state.rooms.for_each(
      [&](id_t, const room_actor& room) { self->send_exit(room, msg.reason); });
    self->quit(msg.reason);
  });
  return {
    [self](room_sub_atom, id_t room_id, id_t user,
           session_actor& session) -> caf::result<room_actor> {
      // The room answers once the session is subscribed; the session gets the room's handle
      // to ask it directly from then on.
      auto rp = self->make_response_promise<room_actor>();
      subscribe(self, room_id, user, std::move(session), rp, true);
      return rp;
    },
    [self](room_new_atom, room_info& info) -> caf::result<room_actor> {
      auto room = room_for(self, info.id);
      auto rp = self->make_response_promise<room_actor>();
      self->request(room, caf::infinite, room_new_atom_v, std::move(info))
        .then([rp, room](bool) mutable { rp.deliver(room); },
              [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
      return rp;
    },
    [self](caf::get_atom, id_t room_id) -> caf::result<std::vector<id_t>> {
      auto rp = self->make_response_promise<std::vector<id_t>>();
      rp.delegate(room_for(self, room_id), caf::get_atom_v);
      return rp;
    },
    [self](retire_atom, id_t room_id, std::uint64_t seen) {
      auto sender = caf::actor_cast<caf::actor_addr>(self->current_sender());
      if (auto room = self->state.rooms.retire(self, room_id, sender, seen))
        self->send(room, quit_atom_v);
    },
    // -- from the other nodes (cluster) -------------------------------------------------------
    [self](cl_frame_atom, id_t room_id, const frame_ptr& frame, const std::vector<id_t>& except,
           std::int64_t seq) {
      // Not counted, like presence: a room that is not alive here has no session here.
      if (auto* room = self->state.rooms.find(room_id))
        self->send(*room, cl_frame_atom_v, frame, except, seq);
    },
    [self](cl_members_atom, room_info& info, std::vector<id_t>& added, std::vector<id_t>& removed) {
      // Started if needed: an added member may have a session here (it loads the room).
      auto id = info.id;
      self->send(room_for(self, id), cl_members_atom_v, std::move(info), std::move(added),
                 std::move(removed));
    },
    [self](cl_resync_atom) {
      self->state.rooms.for_each([&](id_t, const room_actor& room) { self->send(room, cl_resync_atom_v); });
    },
    [self](presence_atom, id_t user, bool online, const std::vector<id_t>& room_ids) {
      // Not counted: a room handles presence whatever its state, and retiring drops nothing
      // a new room would need (it starts with no subscribers).
      for (auto id : room_ids)
        if (auto* room = self->state.rooms.find(id))
          self->send(*room, presence_atom_v, user, online);
    },
  };
}

}  // namespace

room_registry_actor spawn_room_registry(caf::actor_system& sys, room_deps deps) {
  return sys.spawn(registry, std::move(deps));
}

}  // namespace chat
