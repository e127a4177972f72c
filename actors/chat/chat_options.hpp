// Tunables of the chat actors (limits from docs/protocol.md "Limits and bad input").
#pragma once

#include <chrono>
#include <cstddef>

namespace chat {

struct chat_options {
  /// Longest message body, in Unicode code points.
  std::size_t max_body_chars = 4000;
  /// A room actor with no subscribed session for this long stops (the registry forgets it).
  std::chrono::milliseconds room_idle_timeout{30000};
  /// Per-socket send rate (token bucket): events per second, and the burst allowed.
  double rate_per_second = 50;
  double rate_burst = 100;
  /// How long an actor waits for the store, the readers or another chat actor.
  std::chrono::milliseconds request_timeout{30000};
  /// Most user ids in one presence:watch / room:create / room:add.
  std::size_t max_user_ids = 1000;
  /// Most users one socket watches (presence:watch, all calls together).
  std::size_t max_watched_users = 1000;
  /// Socket events admitted and not answered yet, all sockets together and per socket; past
  /// them events are refused at the edge (overloaded / rate_limited) before work is queued.
  std::size_t max_events_in_flight = 2048;
  std::size_t max_events_in_flight_per_socket = 128;
  /// Most sockets one user may hold at once (all tabs and devices); one more is refused at
  /// CONNECT, so one account cannot take the server's connections.
  std::size_t max_sockets_per_user = 1000;
  /// Most members of a group room (room:create with its creator, room:add).
  std::size_t max_group_members = 1000;
  /// Largest history or sync page, as encoded: a page is cut short (more follow) before its
  /// ack could pass this many bytes, so no reply alone can trip the slow-client bound.
  std::size_t max_page_bytes = 512 * 1024;
};

}  // namespace chat
