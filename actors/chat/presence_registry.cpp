// The presence registry: on-demand presence actors with race-free retirement
// (on_demand_actors.hpp), the online mirror with each user's sessions, and token -> sessions
// for logout.
#include "actors/chat/presence_registry.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "messages/type_ids.hpp"

namespace chat {

namespace {

/// Sends `xs...` to the presence actor of `user` (spawned when missing), counted.
template <class... Ts>
void forward(presence_registry_pointer self, id_t user, Ts&&... xs) {
  const auto& actor = self->state.users.next_message_to(self, user, [&] {
    return self->spawn(presence, user, self->state.deps, self->state.elsewhere.count(user) > 0);
  });
  self->send(actor, std::forward<Ts>(xs)...);
}

void session_left(presence_registry_pointer self, id_t user, const caf::actor_addr& session) {
  auto& st = self->state;
  auto it = st.user_sessions.find(user);
  if (it == st.user_sessions.end())
    return;
  auto& v = it->second;
  v.erase(std::remove_if(v.begin(), v.end(),
                         [&](const session_actor& s) { return s.address() == session; }),
          v.end());
  if (v.empty()) {
    st.user_sessions.erase(it);
    st.online.erase(user);
    if (st.cluster)
      self->send(st.cluster, p_local_atom_v, user, false);
  }
}

presence_registry_actor::behavior_type registry(presence_registry_pointer self,
                                                presence_deps deps, cluster_actor cluster) {
  self->state.deps = std::move(deps);
  self->state.cluster = std::move(cluster);
  self->state.deps.registry = caf::actor_cast<presence_registry_actor>(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    if (auto it = st.sessions.find(dm.source); it != st.sessions.end()) {
      session_left(self, it->second.user, dm.source);
      st.sessions.erase(it);
      return;
    }
    st.users.forget(dm.source);
  });
  // Shutting down takes everyone along: the actor system waits for every actor to finish.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [addr, info] : self->state.sessions)
      self->send_exit(info.session, msg.reason);
    self->state.users.for_each(
      [&](id_t, const presence_actor& actor) { self->send_exit(actor, msg.reason); });
    self->quit(msg.reason);
  });
  return {
    [self](room_registry_actor& room_registry) {
      self->state.deps.room_registry = std::move(room_registry);
    },
    // -- sessions and watchers ---------------------------------------------------------------
    [self](p_join_atom, id_t user, std::string& token_hash, session_actor& session) {
      auto& st = self->state;
      if (st.sessions.count(session.address()) > 0)
        return true;
      if (auto it = st.user_sessions.find(user);
          it != st.user_sessions.end() && it->second.size() >= st.deps.opts.max_sockets_per_user)
        return false;
      st.sessions.emplace(session.address(),
                          presence_registry_state::session_info{session, user, std::move(token_hash)});
      self->monitor(session);
      // The mirror follows joins and leaves right here, so answers never lag behind them.
      self->state.user_sessions[user].push_back(session);
      if (self->state.online.insert(user).second && self->state.cluster)
        self->send(self->state.cluster, p_local_atom_v, user, true);
      forward(self, user, p_join_atom_v, std::move(session));
      return true;
    },
    [self](p_leave_atom, id_t user, session_actor& session) {
      auto it = self->state.sessions.find(session.address());
      if (it == self->state.sessions.end())
        return;
      self->demonitor(session.address());
      session_left(self, it->second.user, session.address());
      self->state.sessions.erase(it);
      if (self->state.users.find(user) != nullptr)
        forward(self, user, p_leave_atom_v, std::move(session));
    },
    [self](p_watch_atom, const std::vector<id_t>& users, const session_actor& watcher) {
      std::vector<id_t> online;
      for (auto u : users) {
        bool on = self->state.online.count(u) > 0 || self->state.elsewhere.count(u) > 0;
        forward(self, u, p_watch_atom_v, watcher, on);
        if (on)
          online.push_back(u);
      }
      return online;
    },
    [self](sessions_atom, const std::vector<id_t>& users)
      -> caf::result<std::vector<id_t>, std::vector<session_actor>> {
      // Straight from the mirror, which follows joins and leaves as they arrive.
      std::vector<id_t> owners;
      std::vector<session_actor> sessions;
      for (auto u : users)
        if (auto it = self->state.user_sessions.find(u); it != self->state.user_sessions.end())
          for (auto& s : it->second) {
            owners.push_back(u);
            sessions.push_back(s);
          }
      return {std::move(owners), std::move(sessions)};
    },
    // -- state ---------------------------------------------------------------------------------
    [self](online_atom, const std::vector<id_t>& users) {
      std::vector<id_t> out;
      for (auto u : users)
        if (self->state.online.count(u) > 0 || self->state.elsewhere.count(u) > 0)
          out.push_back(u);
      return out;
    },
    [self](logout_atom, const std::string& token_hash) {
      for (auto& [addr, info] : self->state.sessions)
        if (info.token_hash == token_hash)
          self->send(info.session, logout_atom_v);
      if (self->state.cluster)
        self->send(self->state.cluster, logout_atom_v, token_hash);
    },
    [self](cl_logout_atom, const std::string& token_hash) {
      for (auto& [addr, info] : self->state.sessions)
        if (info.token_hash == token_hash)
          self->send(info.session, logout_atom_v);
    },
    // -- from the other nodes (cluster) -------------------------------------------------------
    [self](p_remote_atom, id_t user, bool elsewhere) {
      auto& st = self->state;
      if ((st.elsewhere.count(user) > 0) == elsewhere)
        return;
      // Spawned if needed (from the state before this change): the user's rooms here hear
      // of it through the presence actor.
      forward(self, user, p_remote_atom_v, elsewhere);
      if (elsewhere)
        st.elsewhere.insert(user);
      else
        st.elsewhere.erase(user);
    },
    [self](cl_frame_atom, const std::vector<id_t>& users, const frame_ptr& frame,
           const std::vector<id_t>& except) {
      auto skip = [&](id_t u) { return std::find(except.begin(), except.end(), u) != except.end(); };
      if (users.empty()) {
        for (auto& [addr, info] : self->state.sessions)
          if (!skip(info.user))
            self->send(info.session, frame_atom_v, frame);
        return;
      }
      for (auto u : users)
        if (auto it = self->state.user_sessions.find(u); it != self->state.user_sessions.end() && !skip(u))
          for (auto& s : it->second)
            self->send(s, frame_atom_v, frame);
    },
    [self](retire_atom, id_t user, std::uint64_t seen) {
      auto sender = caf::actor_cast<caf::actor_addr>(self->current_sender());
      if (auto actor = self->state.users.retire(self, user, sender, seen))
        self->send(actor, quit_atom_v);
    },
  };
}

}  // namespace

presence_registry_actor spawn_presence_registry(caf::actor_system& sys, reader_actor readers,
                                                chat_options opts, cluster_actor cluster) {
  presence_deps deps;
  deps.readers = std::move(readers);
  deps.opts = opts;
  return sys.spawn(registry, std::move(deps), std::move(cluster));
}

}  // namespace chat
