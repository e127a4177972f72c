// The WebSocket transport of one Engine.IO session: a Beast websocket stream on the
// session's strand, a read loop, and a bounded write queue (one frame per packet).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "net/engineio/packet.hpp"
#include "net/engineio/packet_queue.hpp"
#include "net/http/connection_limit.hpp"
#include "net/http/handler.hpp"

namespace chat::engineio {

/// Every method must be called on the strand the stream was built on.
class websocket_transport : public std::enable_shared_from_this<websocket_transport> {
 public:
  struct callbacks {
    std::function<void(std::string_view text)> on_text;     ///< one text frame
    std::function<void(std::string_view bytes)> on_binary;  ///< one binary frame
    std::function<void()> on_closed;                        ///< once: the connection ended
  };

  /// `stream` must already use the session's strand as executor; `slot` (its place under the
  /// server's max_connections) is held as long as this transport.
  websocket_transport(boost::beast::tcp_stream stream, std::size_t max_payload, http::connection_slot slot);

  /// Answers the upgrade request (101, no permessage-deflate, no subprotocol).
  void accept(http::request req, std::function<void(boost::beast::error_code)> done);

  /// Starts the read loop; callbacks run on the strand.
  void start(callbacks cb);

  /// Queues one packet: a text frame, or a binary frame for a binary message.
  void write(out_packet p);

  /// Bytes waiting in the write queue.
  std::size_t buffered() const noexcept { return buffered_; }

  /// Sends what is queued, then a close frame (no status code), then closes.
  void close();

  /// Closes the TCP connection now, dropping what is queued (slow client).
  void abort();

 private:
  void do_read();
  void do_write();
  void do_close();
  void report_closed();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  http::connection_slot slot_;
  boost::beast::flat_buffer buffer_;
  http::request req_;  // kept alive while the handshake runs
  callbacks cb_;
  packet_queue queue_;
  std::size_t buffered_ = 0;
  std::size_t max_payload_;  ///< the largest message read; more is closed with 1009
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool closed_ = false;
};

}  // namespace chat::engineio
