// What the listener and every connection of one server share: options, routes, gauges.
#pragma once

#include <atomic>
#include <cstddef>

#include "net/http/router.hpp"
#include "net/http/server_options.hpp"

namespace chat::http {

struct server_context {
  server_options options;
  router routes;
  std::atomic<std::size_t> open_connections{0};
};

}  // namespace chat::http
