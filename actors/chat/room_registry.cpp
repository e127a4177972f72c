// The room registry: on-demand room actors, race-free retirement, presence to live rooms.
#include "actors/chat/room_registry.hpp"

#include <caf/all.hpp>

namespace chat {

namespace {

room_registry_state::entry& room_of(room_registry_t* self, id_t room_id) {
  auto& st = self->state;
  auto it = st.rooms.find(room_id);
  if (it != st.rooms.end())
    return it->second;
  auto room = self->spawn(room_actor, room_id, st.deps);
  self->monitor(room);
  return st.rooms[room_id] = room_registry_state::entry{room, 0};
}

}  // namespace

caf::behavior room_registry(room_registry_t* self, room_deps deps) {
  self->state.deps = std::move(deps);
  self->state.deps.registry = caf::actor_cast<caf::actor>(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& rooms = self->state.rooms;
    for (auto it = rooms.begin(); it != rooms.end(); ++it)
      if (it->second.room.address() == dm.source) {
        rooms.erase(it);
        break;
      }
  });
  // Shutting down takes the rooms along: the actor system waits for every actor to finish.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, e] : self->state.rooms)
      self->send_exit(e.room, msg.reason);
    self->quit(msg.reason);
  });
  return {
    [self](routed_atom, id_t room_id, caf::message& inner) {
      auto& e = room_of(self, room_id);
      ++e.sent;
      return self->delegate(e.room, routed_atom_v, std::move(inner));
    },
    [self](retire_atom, id_t room_id, std::uint64_t seen) {
      auto& rooms = self->state.rooms;
      auto it = rooms.find(room_id);
      if (it == rooms.end() || it->second.room.address() != caf::actor_cast<caf::actor_addr>(self->current_sender())
          || it->second.sent != seen)
        return;  // something is on its way to the room: it stays
      self->demonitor(it->second.room);
      self->send(it->second.room, quit_atom_v);
      rooms.erase(it);
    },
    [self](presence_atom, id_t user, bool online, const std::vector<id_t>& room_ids) {
      for (auto id : room_ids)
        if (auto it = self->state.rooms.find(id); it != self->state.rooms.end())
          self->send(it->second.room, presence_atom_v, user, online);
    },
  };
}

caf::actor spawn_room_registry(caf::actor_system& sys, room_deps deps) {
  return sys.spawn(room_registry, std::move(deps));
}

}  // namespace chat
