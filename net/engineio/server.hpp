// An Engine.IO v4 endpoint, mounted on the HTTP server at a prefix ("/socket.io/"): validates
// requests, opens sessions (polling or WebSocket) and routes each request to its session.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "net/engineio/pending_limit.hpp"
#include "net/engineio/server_options.hpp"
#include "net/engineio/socket.hpp"
#include "net/http/handler.hpp"

namespace chat::engineio {

class session;

class server : public http::handler {
 public:
  server(boost::asio::io_context& ioc, server_options options);
  ~server() override;

  /// Called on the session's strand for each new session, before any message; the callee
  /// calls set_handlers. Set before the server serves.
  void set_on_connection(std::function<void(socket_ptr)> f);

  void handle(http::request req, http::responder reply) override;
  void upgrade(http::request req, boost::beast::tcp_stream stream, http::connection_slot slot) override;

  const server_options& options() const noexcept { return *opts_; }
  /// Open sessions right now.
  std::size_t session_count() const;

  /// Closes every open session (clients see a close packet / WebSocket close and may
  /// reconnect elsewhere). Thread-safe; used at shutdown.
  void close_all();

  /// Ends every session still open right here, without waiting for a poll to carry the close
  /// packet. Call it once the I/O threads have stopped (it runs the sessions' strand work on
  /// the calling thread): a session left open keeps the layer above alive through its
  /// handlers, and the session actors never learn that their client is gone.
  void end_all();

 private:
  struct registry {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<session>> sessions;
  };

  /// A new session for a client at `peer`, or null when that address holds
  /// max_pending_per_address sessions not admitted yet.
  std::shared_ptr<session> create_session(const boost::asio::ip::address& peer);
  std::vector<std::shared_ptr<session>> open_sessions() const;
  std::shared_ptr<session> find(const std::string& sid) const;
  http::responder with_cors(const http::request& req, http::responder reply) const;

  boost::asio::io_context& ioc_;
  std::shared_ptr<const server_options> opts_;
  std::shared_ptr<registry> registry_;
  pending_limit pending_;
  std::function<void(socket_ptr)> on_connection_;
};

}  // namespace chat::engineio
