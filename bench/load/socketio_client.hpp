// A lean Socket.IO client over one WebSocket (Boost.Beast): the Engine.IO v4 handshake
// straight on the websocket transport, ping/pong, CONNECT to "/" with {token}, events with
// acks. Everything runs on the io_context it is given, which one thread runs: no strand.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace chat::load {

class socketio_client;

/// What a client reports to its owner, on the client's thread.
class socket_events {
 public:
  virtual ~socket_events() = default;
  /// The namespace CONNECT was accepted: the socket is authenticated.
  virtual void on_connected(socketio_client& client) = 0;
  /// A server event: its name and first argument (raw JSON).
  virtual void on_event(socketio_client& client, std::string_view name, std::string_view arg) = 0;
  /// An ack without a callback of its own: its id and argument array (raw JSON).
  virtual void on_ack(socketio_client& client, std::uint64_t id, std::string_view args) = 0;
  /// The socket is gone (connect_error, a close, an I/O or protocol error); reported once.
  virtual void on_failed(socketio_client& client, std::string_view why) = 0;
};

class socketio_client {
 public:
  using ack_callback = std::function<void(std::string_view args)>;

  socketio_client(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server,
                  std::string token, socket_events& events);

  /// TCP connect, WebSocket handshake on /socket.io/?EIO=4&transport=websocket, Engine.IO
  /// open, Socket.IO CONNECT with {"token": …}; ends in on_connected or on_failed.
  void start();

  /// Sends 42<id>["event",payload] and returns the ack id; the ack comes to on_ack.
  std::uint64_t emit(std::string_view event, std::string_view payload);
  /// The same, with the ack handed to `callback` instead (setup requests, not the hot path).
  void emit(std::string_view event, std::string_view payload, ack_callback callback);

  /// Drops the connection without a handshake (the server sees the TCP close).
  void abort();

  bool connected() const { return state_ == state::joined; }
  std::size_t queued_frames() const { return queue_.size(); }

 private:
  enum class state { idle, connecting, engine_open, joined, failed };

  void on_tcp_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle(std::string_view text);
  void send(std::string frame);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void fail(std::string_view why);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::asio::ip::tcp::endpoint server_;
  std::string token_;
  socket_events& events_;
  state state_ = state::idle;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> queue_;  // one write in flight: the front
  std::uint64_t next_ack_ = 0;
  std::unordered_map<std::uint64_t, ack_callback> callbacks_;
};

}  // namespace chat::load
