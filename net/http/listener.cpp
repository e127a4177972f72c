// Accepts TCP connections on one address and starts an http_session (own strand) for each.
// Everything but the constructor runs on the acceptor's strand.
#include "net/http/listener.hpp"

#include <cerrno>
#include <chrono>
#include <string>

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/strand.hpp>

#include "common/log.hpp"
#include "net/http/fail.hpp"
#include "net/http/http_session.hpp"

namespace chat::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

/// How long accepting pauses when the process or system is out of descriptors or memory.
constexpr auto accept_pause = std::chrono::milliseconds(100);

/// accept(2) failures that last until some connection closes: the pending connection stays
/// queued and the acceptor stays readable, so retrying at once would spin a thread at 100%.
bool out_of_resources(const beast::error_code& ec) {
  return ec == net::error::no_descriptors  // EMFILE
         || ec == beast::error_code(ENFILE, beast::system_category()) || ec == net::error::no_buffer_space ||
         ec == net::error::no_memory;
}

}  // namespace

listener::listener(net::io_context& ioc, tcp::endpoint endpoint, std::shared_ptr<server_context> ctx)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), pause_(acceptor_.get_executor()), ctx_(std::move(ctx)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  // 127.0.0.1 and ::1 on the same port are two sockets; keep the v6 one v6-only.
  if (endpoint.address().is_v6()) acceptor_.set_option(net::ip::v6_only(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  endpoint_ = acceptor_.local_endpoint();
}

void listener::run() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
    self->pause_.cancel();
  });
}

void listener::do_accept() {
  // Every connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(ioc_),
                         [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                           self->on_accept(ec, std::move(socket));
                         });
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec && out_of_resources(ec)) return pause_accepting(ec);
  if (paused_ && !ec) {
    paused_ = false;
    chat::log::info("accepting connections again");
  }
  if (ec) {
    fail(ec, "accept");
  } else {
    // Chat traffic is many small frames written back to back (a CONNECT answer then `auth`,
    // an ack then a fan-out): Nagle would hold the second one for a delayed ACK (~40 ms).
    beast::error_code ignored;
    auto slot = ctx_->connections.try_acquire();
    if (!slot) {
      // Over --max-connections: closed before a byte is read, so a flood costs no timer,
      // buffer or strand work. The client sees a reset or EOF and retries.
      socket.close(ignored);
    } else {
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<http_session>(std::move(socket), ctx_, std::move(slot))->run();
    }
  }
  do_accept();
}

void listener::pause_accepting(const beast::error_code& ec) {
  ++ctx_->accept_pauses;
  if (!paused_) {
    paused_ = true;
    chat::log::warn("accept: " + ec.message() + "; pausing new connections " + std::to_string(accept_pause.count())
              + " ms at a time (lower --max-connections or raise the open files limit, ulimit -n)");
  }
  pause_.expires_after(accept_pause);
  pause_.async_wait([self = shared_from_this()](beast::error_code e) {
    if (!e && self->acceptor_.is_open()) self->do_accept();
  });
}

}  // namespace chat::http
