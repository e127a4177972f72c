// Settings of one Engine.IO endpoint: heartbeat, payload limit, transports, CORS, back-pressure.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace chat::engineio {

struct server_options {
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  /// Largest accepted polling body / WebSocket message (bigger: 413 / close 1009).
  std::size_t max_payload = 1000000;
  bool allow_polling = true;
  bool allow_websocket = true;
  /// Offer "websocket" to polling sessions (the upgrades list of the open packet).
  bool allow_upgrades = true;
  /// A probe WebSocket that does not send "5" within this time is dropped.
  std::chrono::milliseconds upgrade_timeout{10000};
  /// Origins allowed by CORS; "*" allows any. Empty: no CORS headers.
  std::vector<std::string> cors_origins;
  bool cors_credentials = false;
  /// A session whose pending output passes this many bytes is closed (slow client).
  std::size_t max_buffered_bytes = 4 * 1024 * 1024;
  /// Sessions one client address may hold before the layer above admitted them (see
  /// pending_limit.hpp); a handshake past it gets HTTP 429.
  std::size_t max_pending_per_address = 64;
  /// Put in front of every session id: a load balancer in front of several nodes routes a
  /// session's requests to the node that made it by this prefix (scripts/cluster: "n1.").
  std::string sid_prefix;
};

}  // namespace chat::engineio
