// Settings of the HTTP server: limits, timeouts and the observability hook.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "net/http/handler.hpp"

namespace chat::http {

struct server_options {
  /// Open TCP connections at most (HTTP and WebSocket); past it a new connection is accepted
  /// and closed at once, before reading a byte (the client sees a reset or EOF and retries).
  std::size_t max_connections = 10000;
  /// Largest accepted request body; a bigger one gets 413 and the connection closes.
  std::size_t body_limit = 1024 * 1024;
  /// How long a connection may sit without a complete request while nothing is pending.
  std::chrono::milliseconds idle_timeout{30000};
  /// How long writing one response may take.
  std::chrono::milliseconds write_timeout{30000};
  /// Requests read ahead of their answers on one connection (HTTP pipelining).
  std::size_t max_pipelined = 8;
  /// Called once per answered request, on the connection's strand (metrics).
  std::function<void(const request&, unsigned status)> on_response;
};

}  // namespace chat::http
