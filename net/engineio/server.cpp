// An Engine.IO v4 endpoint (see server.hpp): request validation (engine.io v4 §handshake
// errors), the session table, and the hop from the HTTP connection's strand to the session's.
#include "net/engineio/server.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "net/engineio/cors.hpp"
#include "net/engineio/query.hpp"
#include "net/engineio/random_id.hpp"
#include "net/engineio/request_error.hpp"
#include "net/engineio/session.hpp"
#include "net/http/write_and_close.hpp"

namespace chat::engineio {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

/// The same socket, re-registered on `strand`: every operation of a session runs there.
beast::tcp_stream rebind(beast::tcp_stream stream, const session::strand_type& strand) {
  auto sock = stream.release_socket();
  beast::error_code ec;
  auto protocol = sock.local_endpoint(ec).protocol();
  auto fd = sock.release(ec);
  if (ec) return beast::tcp_stream(strand);
  return beast::tcp_stream(net::ip::tcp::socket(strand, protocol, fd));
}

}  // namespace

server::server(net::io_context& ioc, server_options options)
    : ioc_(ioc),
      opts_(std::make_shared<const server_options>(std::move(options))),
      registry_(std::make_shared<registry>()),
      pending_(opts_->max_pending_per_address) {}

server::~server() = default;

void server::set_on_connection(std::function<void(socket_ptr)> f) { on_connection_ = std::move(f); }

std::size_t server::session_count() const {
  std::lock_guard lock(registry_->mutex);
  return registry_->sessions.size();
}

std::vector<std::shared_ptr<session>> server::open_sessions() const {
  std::vector<std::shared_ptr<session>> open;
  std::lock_guard lock(registry_->mutex);
  for (auto& [sid, s] : registry_->sessions)
    open.push_back(s);
  return open;
}

// Both outside the lock: ending a session takes the lock to unregister it.
void server::close_all() {
  for (auto& s : open_sessions())
    s->close();
}

void server::end_all() {
  for (auto& s : open_sessions())
    s->end_now();
}

std::shared_ptr<session> server::create_session(const net::ip::address& peer) {
  auto ticket = pending_.try_acquire(peer);
  if (!ticket) return nullptr;
  std::weak_ptr<registry> reg = registry_;
  auto on_end = [reg](const std::string& sid) {
    if (auto r = reg.lock()) {
      std::lock_guard lock(r->mutex);
      r->sessions.erase(sid);
    }
  };
  std::lock_guard lock(registry_->mutex);
  std::string sid;
  do sid = opts_->sid_prefix + random_id();
  while (registry_->sessions.contains(sid));
  auto s = std::make_shared<session>(net::make_strand(ioc_), sid, opts_, on_connection_, on_end, std::move(ticket));
  registry_->sessions.emplace(sid, s);
  return s;
}

std::shared_ptr<session> server::find(const std::string& sid) const {
  std::lock_guard lock(registry_->mutex);
  auto it = registry_->sessions.find(sid);
  return it == registry_->sessions.end() ? nullptr : it->second;
}

http::responder server::with_cors(const http::request& req, http::responder reply) const {
  if (opts_->cors_origins.empty()) return reply;
  http::response headers;
  apply_cors(*opts_, req, headers);
  http::responder wrapped(
      [reply, headers = std::move(headers)](http::response res) {
        for (const auto& f : headers) res.set(f.name_string(), f.value());
        reply.send(std::move(res));
      },
      reply.peer());
  reply.on_abort([wrapped] { wrapped.abort(); });
  return wrapped;
}

void server::handle(http::request req, http::responder reply) {
  if (req.method() == bhttp::verb::options) return reply.send(preflight_response(*opts_, req));
  reply = with_cors(req, std::move(reply));
  const auto version = req.version();
  const auto q = parse_query(req.target());
  const bool polling = q.transport == "polling" && opts_->allow_polling;
  const bool websocket = q.transport == "websocket" && opts_->allow_websocket;
  if (!polling && !websocket) return reply.send(error_response(request_error::unknown_transport, version));
  if (q.eio != "4") return reply.send(error_response(request_error::unsupported_protocol_version, version));
  // transport=websocket without an Upgrade header cannot be served.
  if (websocket) return reply.send(error_response(request_error::bad_request, version));
  if (!q.sid) {
    if (req.method() != bhttp::verb::get)
      return reply.send(error_response(request_error::bad_handshake_method, version));
    auto s = create_session(reply.peer());
    if (!s) return reply.send(error_response(request_error::too_many_pending, version));
    return net::post(s->executor(), [s, reply = std::move(reply)]() mutable { s->open_polling(std::move(reply)); });
  }
  auto s = find(*q.sid);
  if (!s) return reply.send(error_response(request_error::unknown_sid, version));
  if (req.method() == bhttp::verb::get)
    return net::post(s->executor(), [s, reply = std::move(reply)]() mutable { s->on_poll(std::move(reply)); });
  if (req.method() == bhttp::verb::post)
    return net::post(s->executor(), [s, reply = std::move(reply), body = std::move(req.body())]() mutable {
      s->on_post(std::move(body), std::move(reply));
    });
  reply.send(error_response(request_error::bad_request, version));
}

void server::upgrade(http::request req, beast::tcp_stream stream, http::connection_slot slot) {
  const auto version = req.version();
  const auto q = parse_query(req.target());
  const auto refuse = [&](request_error e) {
    http::write_and_close(std::move(stream), error_response(e, version), std::move(slot));
  };
  if (q.transport != "websocket" || !opts_->allow_websocket) return refuse(request_error::unknown_transport);
  if (q.eio != "4") return refuse(request_error::unsupported_protocol_version);
  std::shared_ptr<session> s;
  if (q.sid) {
    s = find(*q.sid);
    if (!s) return refuse(request_error::unknown_sid);
  } else {
    beast::error_code ec;
    s = create_session(stream.socket().remote_endpoint(ec).address());
    if (!s) return refuse(request_error::too_many_pending);
  }
  auto strand = s->strand();
  net::post(strand, [s, fresh = !q.sid, req = std::move(req), stream = rebind(std::move(stream), strand),
                     slot = std::move(slot)]() mutable {
    if (fresh) s->open_websocket(std::move(req), std::move(stream), std::move(slot));
    else s->on_upgrade_request(std::move(req), std::move(stream), std::move(slot));
  });
}

}  // namespace chat::engineio
