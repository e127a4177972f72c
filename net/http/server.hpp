// The HTTP/1.1 server: listens on one or more addresses and routes every request (and every
// WebSocket upgrade) to the handler mounted at the longest matching URL prefix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "net/http/handler.hpp"
#include "net/http/server_options.hpp"

namespace chat::http {

class listener;
struct server_context;

class server {
 public:
  server(boost::asio::io_context& ioc, server_options options);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Serves `prefix` with `h`; the longest matching prefix wins. Mount before listen().
  void mount(std::string prefix, std::shared_ptr<handler> h);

  /// Starts accepting on address:port (port 0: the OS picks). Returns the bound port.
  /// Callable several times (127.0.0.1 and ::1). Throws boost::system::system_error.
  unsigned short listen(std::string address, unsigned short port);

  /// Stops accepting new connections. Thread-safe.
  void stop();

  /// Open HTTP connections right now (a gauge; upgraded WebSockets are no longer counted).
  std::size_t open_connections() const;
  /// Open TCP connections right now, upgraded WebSockets included (what max_connections bounds).
  std::size_t open_sockets() const;
  /// Connections closed at accept because max_connections were open (a counter).
  std::uint64_t refused_connections() const;
  /// Times accepting paused 100 ms for want of file descriptors (EMFILE, ENFILE) or memory.
  std::uint64_t accept_pauses() const;

 private:
  boost::asio::io_context& ioc_;
  std::shared_ptr<server_context> ctx_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<listener>> listeners_;
};

}  // namespace chat::http
