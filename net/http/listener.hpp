// Accepts TCP connections on one address and starts an http_session (own strand) for each;
// out of file descriptors it pauses instead of spinning, and keeps serving.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/http/server_context.hpp"

namespace chat::http {

class listener : public std::enable_shared_from_this<listener> {
 public:
  /// Opens, binds and listens; throws boost::system::system_error when that fails.
  listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint,
           std::shared_ptr<server_context> ctx);

  void run();
  /// Stops accepting; thread-safe.
  void stop();
  boost::asio::ip::tcp::endpoint local_endpoint() const { return endpoint_; }

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  void pause_accepting(const boost::beast::error_code& ec);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer pause_;  // on the acceptor's strand
  bool paused_ = false;               // in a streak of descriptor shortage (log it once)
  boost::asio::ip::tcp::endpoint endpoint_;
  std::shared_ptr<server_context> ctx_;
};

}  // namespace chat::http
