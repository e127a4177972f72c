// The bookkeeping both registries share: one actor per id, spawned on first use, and
// retirement without races. An actor asks to retire with the count of registry messages it has
// seen; only when that matches what the registry sent it (nothing in flight) is it forgotten
// and told to quit. Owned by the registry's state; every call runs on the registry's thread.
#pragma once

#include <cstdint>
#include <unordered_map>

#include <caf/actor_addr.hpp>
#include <caf/actor_cast.hpp>

#include "messages/domain.hpp"

namespace chat {

template <class Handle>
class on_demand_actors {
 public:
  /// The actor of `id`, spawned by `spawn()` (and monitored by `self`) when there is none;
  /// counts one message about to be sent to it.
  template <class Self, class Spawn>
  const Handle& next_message_to(Self* self, id_t id, Spawn spawn) {
    auto it = entries_.find(id);
    if (it == entries_.end()) {
      Handle actor = spawn();
      self->monitor(actor);
      it = entries_.emplace(id, entry{std::move(actor), 0}).first;
    }
    ++it->second.sent;
    return it->second.actor;
  }

  /// The live actor of `id`, if any (no message counted: use only for messages the actor
  /// does not count either).
  const Handle* find(id_t id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second.actor;
  }

  /// A retirement request from `sender`: when it is the actor of `id` and has seen every
  /// message sent to it, forgets it, stops monitoring it and returns it (tell it to quit).
  /// Otherwise something is on its way to it: it stays, and the result is invalid.
  template <class Self>
  Handle retire(Self* self, id_t id, const caf::actor_addr& sender, std::uint64_t seen) {
    auto it = entries_.find(id);
    if (it == entries_.end() || it->second.actor.address() != sender || it->second.sent != seen)
      return Handle{};
    Handle actor = std::move(it->second.actor);
    self->demonitor(actor.address());
    entries_.erase(it);
    return actor;
  }

  /// Forgets the actor that went down (from the registry's down handler); false when it was
  /// none of these actors.
  bool forget(const caf::actor_addr& down) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->second.actor.address() == down) {
        entries_.erase(it);
        return true;
      }
    return false;
  }

  /// Calls f(id, actor) for every live actor.
  template <class F>
  void for_each(F f) const {
    for (const auto& [id, e] : entries_)
      f(id, e.actor);
  }

 private:
  struct entry {
    Handle actor;
    std::uint64_t sent = 0;  ///< messages sent to it (its own count is `seen`)
  };
  std::unordered_map<id_t, entry> entries_;
};

}  // namespace chat
