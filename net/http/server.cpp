// The HTTP/1.1 server (see server.hpp).
#include "net/http/server.hpp"

#include <boost/asio/ip/address.hpp>

#include "net/http/listener.hpp"
#include "net/http/server_context.hpp"

namespace chat::http {

namespace net = boost::asio;

server::server(net::io_context& ioc, server_options options)
    : ioc_(ioc), ctx_(std::make_shared<server_context>(std::move(options))) {}

server::~server() { stop(); }

void server::mount(std::string prefix, std::shared_ptr<handler> h) { ctx_->routes.mount(std::move(prefix), std::move(h)); }

unsigned short server::listen(std::string address, unsigned short port) {
  auto addr = net::ip::make_address(address);
  auto l = std::make_shared<listener>(ioc_, net::ip::tcp::endpoint{addr, port}, ctx_);
  l->run();
  std::lock_guard lock(mutex_);
  listeners_.push_back(l);
  return l->local_endpoint().port();
}

void server::stop() {
  std::lock_guard lock(mutex_);
  for (auto& l : listeners_) l->stop();
  listeners_.clear();
}

std::size_t server::open_connections() const { return ctx_->open_connections.load(); }

std::size_t server::open_sockets() const { return ctx_->connections.open(); }

std::uint64_t server::refused_connections() const { return ctx_->connections.refused(); }

std::uint64_t server::accept_pauses() const { return ctx_->accept_pauses.load(); }

}  // namespace chat::http
