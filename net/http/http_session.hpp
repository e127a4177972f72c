// One HTTP/1.1 connection: reads requests (keep-alive, pipelining), routes each to its
// handler, writes the answers in request order, hands WebSocket upgrades to the handler.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include "net/http/server_context.hpp"

namespace chat::http {

/// Everything runs on the connection's strand (the socket's executor).
class http_session : public std::enable_shared_from_this<http_session> {
 public:
  /// `slot` is the connection's place under max_connections: held until it closes, or handed
  /// to the handler with an upgrade.
  http_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<server_context> ctx, connection_slot slot);
  ~http_session();

  void run();

 private:
  /// One request waiting for (or holding) its answer; answers leave in slot order.
  struct slot {
    bool ready = false;
    bool keep_alive = true;
    unsigned version = 11;
    response res;
    std::optional<request> meta;  // header only, for the on_response hook
    responder reply;
  };

  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void dispatch_request(request req);
  void on_answer(std::uint64_t seq, response res);
  void do_write();
  void on_write(bool close, beast::error_code ec, std::size_t bytes);
  void hand_off_upgrade();
  void arm_idle_timer();
  void do_close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::string_body>> parser_;
  std::shared_ptr<server_context> ctx_;
  connection_slot slot_;
  boost::asio::ip::address peer_;  // the client's address, for handlers that limit per address
  boost::asio::steady_timer idle_timer_;
  std::deque<slot> slots_;
  std::uint64_t first_seq_ = 0;  // sequence number of slots_.front()
  std::optional<request> upgrade_;
  bool reading_ = false;
  bool writing_ = false;
  bool read_done_ = false;  // no more requests will be read (close, upgrade, error)
  bool closed_ = false;
};

}  // namespace chat::http
