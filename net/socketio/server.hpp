// The Socket.IO v5 server: adopts Engine.IO sessions and runs namespaces on them. The
// application registers namespaces and decides each CONNECT; see socket.hpp for its view.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "net/engineio/socket.hpp"
#include "net/socketio/socket.hpp"

namespace chat::socketio {

struct server_options {
  /// Closes an Engine.IO session that has joined no namespace this long after it opened.
  std::chrono::milliseconds connect_timeout{45000};
  /// Most attachment bytes one binary packet may carry (the engine's maxPayload); more closes.
  std::size_t max_attachment_bytes = 1000000;
};

using connect_handler = std::function<void(connect_request_ptr)>;
using namespace_map = std::map<std::string, connect_handler, std::less<>>;

/// Behaviour worth knowing (conformance spec §4.2, §4.5): nothing is sent before the client's
/// CONNECT; a CONNECT to an unregistered namespace gets CONNECT_ERROR "Invalid namespace"; every
/// malformed packet closes the whole Engine.IO session ("parse error"), and so does a data
/// packet (EVENT, ACK, binary or not) for a namespace whose CONNECT has not been accepted yet,
/// as socket.io's server does: nothing a client sends before it is authenticated is held.
class server {
 public:
  explicit server(server_options options = {});

  /// Registers namespace `name` (e.g. "/"). `on_connect` runs on the session's strand for each
  /// client CONNECT; it (or any thread, later) must call accept or reject on the request.
  /// Call before the first on_engine_connection: the namespace table is not locked.
  void add_namespace(std::string name, connect_handler on_connect);

  /// Adopts a new Engine.IO session. Call on the session's strand before any message (the
  /// engine server's on_connection callback): installs the handlers, starts the connect timer.
  void on_engine_connection(engineio::socket_ptr engine);

 private:
  server_options options_;
  std::shared_ptr<namespace_map> namespaces_;
};

}  // namespace chat::socketio
