// What the listener and every connection of one server share: options, routes, gauges.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "net/http/connection_limit.hpp"
#include "net/http/router.hpp"
#include "net/http/server_options.hpp"

namespace chat::http {

struct server_context {
  explicit server_context(server_options o) : options(std::move(o)), connections(options.max_connections) {}

  server_options options;
  router routes;
  std::atomic<std::size_t> open_connections{0};  ///< HTTP connections (not upgraded ones)
  connection_limit connections;                  ///< every TCP connection, upgraded ones too
  std::atomic<std::uint64_t> accept_pauses{0};   ///< accepts paused for want of descriptors
};

}  // namespace chat::http
