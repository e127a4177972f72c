// The presence registry: on-demand presence actors with race-free retirement (as the room
// registry), the online mirror with each user's sessions, and token -> sessions for logout.
#include "actors/chat/presence_registry.hpp"

#include <algorithm>

#include <caf/all.hpp>

namespace chat {

namespace {

using entry = presence_registry_state::entry;

entry& actor_of(presence_registry_t* self, id_t user) {
  auto& st = self->state;
  auto it = st.users.find(user);
  if (it != st.users.end())
    return it->second;
  auto a = self->spawn(presence_actor, user, st.deps);
  self->monitor(a);
  return st.users[user] = entry{a, 0};
}

template <class... Ts>
void forward(presence_registry_t* self, id_t user, Ts&&... xs) {
  auto& e = actor_of(self, user);
  ++e.sent;
  self->send(e.actor, std::forward<Ts>(xs)...);
}

void session_left(presence_registry_t* self, id_t user, const caf::actor_addr& session) {
  auto& st = self->state;
  auto it = st.user_sessions.find(user);
  if (it == st.user_sessions.end())
    return;
  auto& v = it->second;
  v.erase(std::remove_if(v.begin(), v.end(),
                         [&](const caf::actor& s) { return s.address() == session; }),
          v.end());
  if (v.empty()) {
    st.user_sessions.erase(it);
    st.online.erase(user);
  }
}

caf::actor sender_of(presence_registry_t* self) {
  return caf::actor_cast<caf::actor>(self->current_sender());
}

}  // namespace

caf::behavior presence_registry(presence_registry_t* self, presence_deps deps) {
  self->state.deps = std::move(deps);
  self->state.deps.registry = caf::actor_cast<caf::actor>(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    if (auto it = st.sessions.find(dm.source); it != st.sessions.end()) {
      session_left(self, it->second.user, dm.source);
      st.sessions.erase(it);
      return;
    }
    for (auto it = st.users.begin(); it != st.users.end(); ++it)
      if (it->second.actor.address() == dm.source) {
        st.users.erase(it);
        break;
      }
  });
  // Shutting down takes everyone along: the actor system waits for every actor to finish.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [addr, info] : self->state.sessions)
      self->send_exit(info.session, msg.reason);
    for (auto& [user, e] : self->state.users)
      self->send_exit(e.actor, msg.reason);
    self->quit(msg.reason);
  });
  return {
    [self](caf::actor& room_registry) { self->state.deps.room_registry = room_registry; },
    // -- sessions and watchers ---------------------------------------------------------------
    [self](p_join_atom, id_t user, std::string& token_hash) {
      auto session = sender_of(self);
      if (!session)
        return;
      auto [it, inserted] = self->state.sessions.emplace(
        session.address(), presence_registry_state::session_info{session, user, token_hash});
      if (!inserted)
        return;
      self->monitor(session);
      // The mirror follows joins and leaves right here, so answers never lag behind them.
      self->state.user_sessions[user].push_back(session);
      self->state.online.insert(user);
      forward(self, user, p_join_atom_v, session);
    },
    [self](p_leave_atom, id_t user) {
      auto session = sender_of(self);
      if (!session)
        return;
      auto it = self->state.sessions.find(session.address());
      if (it == self->state.sessions.end())
        return;
      self->demonitor(session);
      session_left(self, it->second.user, session.address());
      self->state.sessions.erase(it);
      if (self->state.users.count(user) > 0)
        forward(self, user, p_leave_atom_v, session);
    },
    [self](p_watch_atom, const std::vector<id_t>& users) {
      std::vector<id_t> online;
      if (auto watcher = sender_of(self)) {
        for (auto u : users) {
          bool on = self->state.online.count(u) > 0;
          forward(self, u, p_watch_atom_v, watcher, on);
          if (on)
            online.push_back(u);
        }
      }
      return online;
    },
    [self](sessions_atom, const std::vector<id_t>& users)
      -> caf::result<std::vector<id_t>, std::vector<caf::actor>> {
      // Straight from the mirror, which follows joins and leaves as they arrive.
      std::vector<id_t> owners;
      std::vector<caf::actor> sessions;
      for (auto u : users)
        if (auto it = self->state.user_sessions.find(u); it != self->state.user_sessions.end())
          for (auto& s : it->second) {
            owners.push_back(u);
            sessions.push_back(s);
          }
      return caf::make_result(std::move(owners), std::move(sessions));
    },
    // -- state ---------------------------------------------------------------------------------
    [self](online_atom, const std::vector<id_t>& users) {
      std::vector<id_t> out;
      for (auto u : users)
        if (self->state.online.count(u) > 0)
          out.push_back(u);
      return out;
    },
    [self](logout_atom, const std::string& token_hash) {
      for (auto& [addr, info] : self->state.sessions)
        if (info.token_hash == token_hash)
          self->send(info.session, logout_atom_v);
    },
    [self](retire_atom, id_t user, std::uint64_t seen) {
      auto& users = self->state.users;
      auto it = users.find(user);
      if (it == users.end()
          || it->second.actor.address()
               != caf::actor_cast<caf::actor_addr>(self->current_sender())
          || it->second.sent != seen)
        return;  // something is on its way to it: it stays
      self->demonitor(it->second.actor);
      self->send(it->second.actor, quit_atom_v);
      users.erase(it);
    },
  };
}

caf::actor spawn_presence_registry(caf::actor_system& sys, caf::actor readers,
                                   chat_options opts) {
  presence_deps deps;
  deps.readers = std::move(readers);
  deps.opts = opts;
  return sys.spawn(presence_registry, std::move(deps));
}

}  // namespace chat
