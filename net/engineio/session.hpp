// One Engine.IO session: the `socket` the layer above sees, its heartbeat, its output queue
// and its transports (long-polling, WebSocket, and the swap between them on upgrade).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "net/engineio/packet.hpp"
#include "net/engineio/packet_queue.hpp"
#include "net/engineio/server_options.hpp"
#include "net/engineio/socket.hpp"
#include "net/engineio/websocket_transport.hpp"
#include "net/http/handler.hpp"

namespace chat::engineio {

/// All state lives on the session's strand; the public socket methods hop onto it.
class session final : public socket, public std::enable_shared_from_this<session> {
 public:
  using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;
  using clock = std::chrono::steady_clock;

  /// `on_connection` runs once the session is open, before any message; `on_end` once when
  /// it is over (the server forgets the sid). Both on the strand.
  /// `pending` is its place under max_pending_per_address, dropped once admitted or ended.
  session(strand_type strand, std::string id, std::shared_ptr<const server_options> opts,
          std::function<void(socket_ptr)> on_connection, std::function<void(const std::string&)> on_end,
          std::shared_ptr<const void> pending);

  // -- socket --
  const std::string& id() const override { return id_; }
  boost::asio::any_io_executor executor() const override { return strand_; }
  void set_handlers(handlers h) override;
  void send_text(text_ptr payload) override;
  void send_binary(bytes_ptr payload) override;
  void close() override;
  void admit() override;

  /// Ends the session at once, as a server close (a pending GET gets the close packet, a
  /// WebSocket is closed, the layer above gets on_close). On the strand, or from any thread
  /// once no thread runs the io_context any more (shutdown).
  void end_now();

  const strand_type& strand() const noexcept { return strand_; }

  // -- entry points of the server; each must run on the strand --
  /// Polling handshake: answers `reply` with the open packet and starts the heartbeat.
  void open_polling(http::responder reply);
  /// WebSocket handshake: accepts `req` on `stream` (already on the strand), sends open.
  /// `slot` is the connection's place under the server's max_connections.
  void open_websocket(http::request req, boost::beast::tcp_stream stream, http::connection_slot slot);
  /// A long-poll GET with this sid.
  void on_poll(http::responder reply);
  /// A polling POST with this sid.
  void on_post(std::string body, http::responder reply);
  /// A WebSocket upgrade request with this sid.
  void on_upgrade_request(http::request req, boost::beast::tcp_stream stream, http::connection_slot slot);

 private:
  /// server: we close (pending GET gets "1"); client: the client went away or sent "1" on
  /// WebSocket; close_packet: a polling "1" (pending GET gets "6").
  enum class end_kind { server, client, close_packet };

  void start_heartbeat();
  void schedule_ping(clock::time_point due);
  void on_ping_due();
  bool expired() const;

  void enqueue(out_packet p);
  void flush();
  void reply_get(std::string body);
  void handle_packet(const packet& p);
  websocket_transport::callbacks callbacks_for(const std::shared_ptr<websocket_transport>& ws);
  void on_ws_text(const websocket_transport* ws, std::string_view text);
  void on_ws_binary(const websocket_transport* ws, std::string_view bytes);
  void on_ws_closed(const websocket_transport* ws);
  void handle_probe_text(std::string_view text);
  void complete_upgrade();
  void drop_probe();
  void finish_graceful_close();
  void end(std::string_view reason, end_kind kind);
  void forget();

  strand_type strand_;
  std::string id_;
  std::shared_ptr<const server_options> opts_;
  std::function<void(socket_ptr)> on_connection_;
  std::function<void(const std::string&)> on_end_;
  std::shared_ptr<const void> pending_;  // null once admitted or ended
  handlers handlers_;

  bool websocket_ = false;  // the active transport
  bool upgrading_ = false;  // probe answered: polls get noop at once
  bool closing_ = false;    // close() asked for; waiting to deliver the close packet
  bool ended_ = false;
  bool lingering_ = false;  // closed by a POSTed "1" with no GET held: one racing GET gets "6"
  packet_queue queue_;  // output not yet handed to a transport
  std::size_t queued_bytes_ = 0;
  std::optional<http::responder> pending_get_;
  std::uint64_t get_seq_ = 0;  // identifies pending_get_ for its abort callback
  std::shared_ptr<websocket_transport> ws_;
  std::shared_ptr<websocket_transport> probe_;

  boost::asio::steady_timer heartbeat_;
  boost::asio::steady_timer upgrade_timer_;
  clock::time_point ping_due_;
  bool awaiting_pong_ = false;
  std::uint64_t timer_gen_ = 0;  // a timer handler already queued when re-armed must not act
  bool in_post_ = false;         // answer a pending GET only after the whole POST is processed
};

}  // namespace chat::engineio
