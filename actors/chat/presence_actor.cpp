// The presence actor: counts a user's sessions, announces online/offline transitions, and
// retires when nobody is left.
#include "actors/chat/presence_actor.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "messages/type_ids.hpp"

namespace chat {

namespace {

bool add(std::vector<session_actor>& v, const session_actor& a) {
  if (std::find(v.begin(), v.end(), a) != v.end())
    return false;
  v.push_back(a);
  return true;
}

void remove(std::vector<session_actor>& v, const caf::actor_addr& a) {
  v.erase(std::remove_if(v.begin(), v.end(), [&](const session_actor& x) {
            return x.address() == a;
          }), v.end());
}

void maybe_retire(presence_pointer self) {
  auto& st = self->state;
  if (st.sessions.empty() && st.watchers.empty() && st.pending == 0
      && st.retire_sent_at != st.seen) {
    st.retire_sent_at = st.seen;
    self->send(st.deps.registry, retire_atom_v, st.user, st.seen);
  }
}

/// Announces a change of `online`: watchers now; the rooms once we know
/// them (the state sent then is the current one, so late lookups never undo a newer state).
void update(presence_pointer self) {
  auto& st = self->state;
  bool now = !st.sessions.empty() || st.elsewhere;
  if (now != st.online) {
    st.online = now;
    for (auto& w : st.watchers)
      self->send(w, presence_atom_v, st.user, now);
    ++st.pending;
    self->request(st.deps.readers, st.deps.opts.request_timeout, room_ids_atom_v, st.user)
      .then(
        [self](std::vector<id_t>& rooms) {
          auto& st = self->state;
          --st.pending;
          self->send(st.deps.room_registry, presence_atom_v, st.user, st.online,
                     std::move(rooms));
          maybe_retire(self);
        },
        [self](caf::error&) {
          --self->state.pending;
          maybe_retire(self);
        });
  }
  maybe_retire(self);
}

}  // namespace

presence_actor::behavior_type presence(presence_pointer self, id_t user, presence_deps deps,
                                       bool elsewhere) {
  self->state.user = user;
  self->state.elsewhere = elsewhere;
  self->state.online = elsewhere;
  self->state.deps = std::move(deps);
  self->set_down_handler([self](caf::down_msg& dm) {
    remove(self->state.sessions, dm.source);
    remove(self->state.watchers, dm.source);
    update(self);
  });
  return {
    [self](p_join_atom, session_actor& session) {
      ++self->state.seen;
      if (add(self->state.sessions, session))
        self->monitor(session);
      update(self);
    },
    [self](p_leave_atom, const session_actor& session) {
      ++self->state.seen;
      remove(self->state.sessions, session.address());
      update(self);
    },
    [self](p_watch_atom, session_actor& watcher, bool answered_online) {
      ++self->state.seen;
      if (add(self->state.watchers, watcher))
        self->monitor(watcher);
      // The registry's answer and ours differ only while a session's end is still on its
      // way to one of us (each learns it on its own): then the watcher needs our state.
      if (answered_online != self->state.online)
        self->send(watcher, presence_atom_v, self->state.user, self->state.online);
    },
    [self](p_remote_atom, bool elsewhere) {
      ++self->state.seen;
      self->state.elsewhere = elsewhere;
      update(self);
    },
    [self](quit_atom) { self->quit(); },
  };
}

}  // namespace chat
