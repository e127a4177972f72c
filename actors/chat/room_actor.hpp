// One actor per active room: it alone knows who receives the room's events. Holds the members
// (loaded from the database before anything is handled), the subscribed sessions per user,
// and the last seq; posts messages through the store and fans them out after the commit.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/chat/chat_options.hpp"
#include "actors/chat/seq_order.hpp"
#include "messages/chat_api.hpp"
#include "messages/cluster_api.hpp"
#include "messages/store_api.hpp"

namespace chat {

/// The actors a room talks to.
struct room_deps {
  room_registry_actor registry;                ///< its room registry (retirement)
  store_actor store;                           ///< writes
  reader_actor readers;                        ///< reads
  presence_registry_actor presence_registry;   ///< the live sessions of new members
  chat_options opts;
  cluster_actor cluster = {};                  ///< publishes to the other nodes (null: one node)
};

/// A message:new waiting for its turn (cluster): its frame, and whom it skips.
struct held_message {
  frame_ptr frame;
  id_t except_user = 0;
  caf::actor_addr except_session;
};

/// (sender, clientMsgId) of each send through this node the store has not answered yet.
using sending_set = std::multiset<std::pair<id_t, std::string>>;

struct room_state {
  id_t id = 0;
  room_deps deps;
  bool loaded = false;                           ///< false: every message waits (skipped)
  bool exists = false;                           ///< false: every request is forbidden
  room_info info;                                ///< kind, name, members, last_seq
  std::unordered_set<id_t> members;
  std::unordered_map<id_t, std::vector<session_actor>> subscribers;  ///< user -> sessions
  seq_order<held_message> order;                 ///< cluster: message:new in seq order, once
  /// The sends through this node the store has not answered yet: catch-up leaves them to
  /// their own answer, which knows the sending socket to skip.
  sending_set sending;
  /// Messages catch-up read that match an unanswered send, by seq: the answers tell whether
  /// they were this node's (the answer delivers) or another node's (delivered then).
  std::map<std::int64_t, held_message> unclaimed;
  bool gap_timer = false;                        ///< a catch-up read is scheduled
  std::uint64_t seen = 0;                        ///< messages received from the registry
  std::size_t pending = 0;                       ///< store/reader requests in flight
  std::size_t joining = 0;                       ///< other nodes' new members being subscribed
  bool quitting = false;
  bool idle_timer = false;
  std::chrono::steady_clock::time_point last_activity;

  static inline const char* name = "room";
};

using room_pointer = room_actor::stateful_pointer<room_state>;

/// The room's behaviour (messages/chat_api.hpp). Spawned by the room registry; every message
/// waits until the room is loaded.
room_actor::behavior_type room(room_pointer self, id_t room_id, room_deps deps);

}  // namespace chat
