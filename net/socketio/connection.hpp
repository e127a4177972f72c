// One Engine.IO session seen by the Socket.IO layer: decodes packets, reassembles binary
// attachments, routes them to the joined namespaces, runs the connect timeout. Internal.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/engineio/socket.hpp"
#include "net/socketio/packet.hpp"
#include "net/socketio/server.hpp"

namespace chat::socketio::detail {

class namespace_socket;

/// Everything below except the constructor and executor() runs on the session's strand.
/// Lifetime: the engine's handlers own the connection; shutdown drops the engine (breaking
/// the cycle) and every joined socket.
class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(engineio::socket_ptr engine, std::shared_ptr<const namespace_map> namespaces,
             const server_options& options);

  /// Installs the engine handlers and arms the connect timer.
  void start();

  const boost::asio::any_io_executor& executor() const { return executor_; }

  /// Writes one packet (text then attachments). Dropped once the connection is closed.
  void send(const encoded_packet& p);
  void send_text(engineio::socket::text_ptr text);

  /// The application accepted CONNECT `token`: join, answer {sid}, or tell the socket it is
  /// already gone (connection closed, or the client left before the answer).
  void apply_accept(const std::shared_ptr<namespace_socket>& s, std::uint64_t token);
  /// The application rejected CONNECT `token`: answer CONNECT_ERROR with `data`.
  void apply_reject(const std::string& nsp, std::uint64_t token, const json& data);

  /// Server-side leave of one namespace: DISCONNECT to the client, then on_disconnect.
  void leave(const std::shared_ptr<namespace_socket>& s);

  /// Ends everything once: every joined socket gets on_disconnect(reason); the engine session
  /// is closed too when `close_engine` (it is already closing otherwise).
  void shutdown(std::string_view reason, bool close_engine);

 private:
  void on_text(std::string_view text);
  void on_binary(std::span<const std::uint8_t> bytes);
  void on_connect_timeout();
  bool is_joined(const packet& p) const;
  void handle(packet p);
  void handle_connect(packet& p);
  void fail(std::error_code ec);

  engineio::socket_ptr engine_;  // null once shut down
  boost::asio::any_io_executor executor_;
  std::shared_ptr<const namespace_map> namespaces_;
  server_options options_;
  boost::asio::steady_timer connect_timer_;

  std::map<std::string, std::shared_ptr<namespace_socket>, std::less<>> joined_;
  /// CONNECTs waiting for the application: namespace -> the token of its decision.
  std::map<std::string, std::uint64_t, std::less<>> pending_;
  std::uint64_t next_token_ = 0;

  std::optional<packet> partial_;  // a binary packet waiting for its attachments
  std::vector<std::vector<std::uint8_t>> attachments_;
  std::size_t attachment_bytes_ = 0;

  bool ever_joined_ = false;
  bool closed_ = false;
  std::string close_reason_;
};

}  // namespace chat::socketio::detail
