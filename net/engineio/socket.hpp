// One Engine.IO session as the layer above (Socket.IO) sees it: messages in, messages out,
// whatever the transport (long-polling, WebSocket, or both during an upgrade).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

namespace chat::engineio {

class socket {
 public:
  using text_ptr = std::shared_ptr<const std::string>;
  using bytes_ptr = std::shared_ptr<const std::vector<std::uint8_t>>;

  struct handlers {
    std::function<void(std::string_view text)> on_text;               ///< a "4…" message packet
    std::function<void(std::span<const std::uint8_t> bytes)> on_binary;  ///< a binary message
    std::function<void(std::string_view reason)> on_close;             ///< once, at the end
  };

  virtual ~socket() = default;

  /// The session id (sid) of the handshake.
  virtual const std::string& id() const = 0;

  /// The strand every handler runs on; timers of the layer above belong here too.
  virtual boost::asio::any_io_executor executor() const = 0;

  /// Set once, inside the server's on_connection callback, before any message arrives.
  virtual void set_handlers(handlers h) = 0;

  /// Queues a text message (the payload after the '4' type character). Thread-safe. The
  /// shared buffer lets one encoded fan-out frame go to many sockets without copies.
  virtual void send_text(text_ptr payload) = 0;

  /// Queues a binary message. Thread-safe.
  virtual void send_binary(bytes_ptr payload) = 0;

  /// Closes the session (close packet / WebSocket close). Thread-safe; on_close follows.
  virtual void close() = 0;

  /// The layer above accepted this client (Socket.IO: a namespace CONNECT succeeded): the
  /// session stops counting against its address's limit of pending sessions. Thread-safe.
  virtual void admit() = 0;
};

using socket_ptr = std::shared_ptr<socket>;

}  // namespace chat::engineio
