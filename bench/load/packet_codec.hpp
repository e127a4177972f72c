// The client's side of Engine.IO v4 and Socket.IO v5 text packets over WebSocket: one
// WebSocket message is one Engine.IO packet; an Engine.IO "message" (4) carries one Socket.IO
// packet. Pure functions, no I/O (engine.io-protocol v4, socket.io-protocol v5 §packet encoding).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chat::load::wire {

/// A decoded frame: the Engine.IO type and, for messages, the Socket.IO packet inside.
struct frame {
  enum class kind {
    open,           ///< 0{"sid":…}: the Engine.IO handshake
    close,          ///< 1
    ping,           ///< 2: the server's heartbeat, answered with a pong
    noop,           ///< 6
    connect,        ///< 40{"sid":…}: namespace joined
    disconnect,     ///< 41: namespace left by the server
    event,          ///< 42[name, …]
    ack,            ///< 43<id>[…]
    connect_error,  ///< 44{"message":…}
    other,          ///< a valid packet the load generator ignores (pong, upgrade, binary)
  };
  kind type = kind::other;
  std::string_view nsp;               ///< namespace ("/" when not written)
  std::optional<std::uint64_t> ack_id;
  std::string_view data;              ///< the JSON after the header (may be empty)
};

/// Decodes one WebSocket text message; nothing when it is not an Engine.IO v4 packet, or a
/// message (4) whose Socket.IO header is malformed. `data` views into `text`.
std::optional<frame> decode(std::string_view text);

/// The event name and the first argument of an event's JSON array (`["name", arg, …]`).
struct event_view {
  std::string_view name;
  std::string_view arg;  ///< raw JSON; empty when the event has no argument
};
std::optional<event_view> split_event(std::string_view data);

/// 40{auth}: CONNECT to the main namespace with an auth object (raw JSON).
std::string encode_connect(std::string_view auth_json);

/// 42<ack id>["event",payload]: appended to `out` (a reused buffer); payload is raw JSON.
void encode_event(std::string& out, std::string_view event, std::string_view payload,
                  std::optional<std::uint64_t> ack_id);

/// The Engine.IO pong answering a ping.
inline constexpr std::string_view pong = "3";

}  // namespace chat::load::wire
