// Socket.IO v5 connection life cycle over one Engine.IO session (conformance spec §4.2, §4.5).
#include "net/socketio/connection.hpp"

#include <exception>

#include "net/socketio/namespace_socket.hpp"

namespace chat::socketio::detail {

connection::connection(engineio::socket_ptr engine, std::shared_ptr<const namespace_map> namespaces,
                       const server_options& options)
    : engine_(std::move(engine)),
      executor_(engine_->executor()),
      namespaces_(std::move(namespaces)),
      options_(options),
      connect_timer_(executor_) {}

void connection::start() {
  auto self = shared_from_this();
  engine_->set_handlers({
      [self](std::string_view text) { self->on_text(text); },
      [self](std::span<const std::uint8_t> bytes) { self->on_binary(bytes); },
      [self](std::string_view reason) { self->shutdown(reason, false); },
  });
  // v5 has no implicit CONNECT: nothing is sent until the client asks, within the timeout.
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([self](const boost::system::error_code& ec) {
    if (!ec) self->on_connect_timeout();
  });
}

void connection::send(const encoded_packet& p) {
  if (!engine_) return;
  engine_->send_text(std::make_shared<const std::string>(p.text));
  for (const auto& bytes : p.attachments) engine_->send_binary(bytes);
}

void connection::send_text(engineio::socket::text_ptr text) {
  if (engine_) engine_->send_text(std::move(text));
}

void connection::on_connect_timeout() {
  if (!ever_joined_) shutdown("connect timeout", true);
}

// -- incoming --

void connection::on_text(std::string_view text) {
  if (closed_) return;
  if (partial_) return fail(errc::missing_attachments);
  packet p;
  if (auto ec = decode_packet(text, p)) return fail(ec);
  // Refused before anything is buffered: data for a namespace not joined (socket.io closes
  // too), and placeholders that would not map one to one onto the announced attachments.
  if (!is_joined(p)) return fail(errc::not_joined);
  if (p.attachments > 0) {  // wait for its binary messages (spec §4.1)
    if (auto ec = check_placeholders(*p.data, p.attachments)) return fail(ec);
    attachments_.clear();
    attachments_.reserve(p.attachments);
    attachment_bytes_ = 0;
    partial_ = std::move(p);
    return;
  }
  handle(std::move(p));
}

void connection::on_binary(std::span<const std::uint8_t> bytes) {
  if (closed_) return;
  if (!partial_) return fail(errc::unexpected_binary);
  attachment_bytes_ += bytes.size();
  if (attachment_bytes_ > options_.max_attachment_bytes) return fail(errc::attachments_too_large);
  attachments_.emplace_back(bytes.begin(), bytes.end());
  if (attachments_.size() < partial_->attachments) return;
  packet p = std::move(*partial_);
  partial_.reset();
  auto ec = attach_binaries(*p.data, attachments_);
  attachments_.clear();
  if (ec) return fail(ec);
  handle(std::move(p));
}

// CONNECT and CONNECT_ERROR need no namespace; a DISCONNECT may withdraw a CONNECT the
// application has not answered yet; EVENTs and ACKs only travel in a joined namespace.
bool connection::is_joined(const packet& p) const {
  switch (p.type) {
    case packet_type::connect:
    case packet_type::connect_error:
      return true;
    case packet_type::disconnect:
      return joined_.contains(p.nsp) || pending_.contains(p.nsp);
    default:
      return joined_.contains(p.nsp);
  }
}

void connection::handle(packet p) {
  // An application handler that throws must not take the strand's thread down with it.
  try {
    if (p.type == packet_type::connect) return handle_connect(p);
    if (p.type == packet_type::connect_error) return fail(errc::client_connect_error);

    const auto joined = joined_.find(p.nsp);
    if (joined == joined_.end()) {
      // A DISCONNECT withdraws a CONNECT still waiting for the application; anything else
      // (the namespace was left while its attachments arrived) is refused.
      const auto waiting = pending_.find(p.nsp);
      if (waiting == pending_.end() || p.type != packet_type::disconnect) return fail(errc::not_joined);
      pending_.erase(waiting);
      return;
    }
    auto s = joined->second;
    switch (p.type) {
      case packet_type::disconnect:  // leave silently, keep the session and other namespaces
        joined_.erase(joined);
        s->notify_disconnect("client namespace disconnect");
        return;
      case packet_type::event:
      case packet_type::binary_event:
        s->deliver_event(std::move(*p.data), p.id);
        return;
      default:  // ACK: the server side sends no ack requests yet, so every id is unknown
        return;
    }
  } catch (const std::exception&) {
    shutdown("server error", true);
  }
}

void connection::handle_connect(packet& p) {
  const auto handler = namespaces_->find(p.nsp);
  if (handler == namespaces_->end()) {
    send(encode_packet({packet_type::connect_error, p.nsp, std::nullopt, json{{"message", "Invalid namespace"}}}));
    return;
  }
  if (joined_.count(p.nsp) > 0 || pending_.count(p.nsp) > 0) return fail(errc::already_joined);
  const auto token = ++next_token_;
  pending_[p.nsp] = token;
  auto auth = p.data ? std::move(*p.data) : json::object();
  handler->second(std::make_shared<pending_connect>(shared_from_this(), p.nsp, std::move(auth), token));
}

void connection::fail(std::error_code) { shutdown("parse error", true); }

// -- decisions of the application --

void connection::apply_accept(const std::shared_ptr<namespace_socket>& s, std::uint64_t token) {
  if (closed_) return s->notify_disconnect(close_reason_);
  const auto waiting = pending_.find(s->nsp());
  if (waiting == pending_.end() || waiting->second != token)
    return s->notify_disconnect("client namespace disconnect");
  pending_.erase(waiting);
  joined_[s->nsp()] = s;
  s->mark_connected();
  ever_joined_ = true;
  connect_timer_.cancel();
  send(encode_packet({packet_type::connect, s->nsp(), std::nullopt, json{{"sid", s->id()}}}));
}

void connection::apply_reject(const std::string& nsp, std::uint64_t token, const json& data) {
  if (closed_) return;
  const auto waiting = pending_.find(nsp);
  if (waiting == pending_.end() || waiting->second != token) return;
  pending_.erase(waiting);
  send(encode_packet({packet_type::connect_error, nsp, std::nullopt, data}));
}

void connection::leave(const std::shared_ptr<namespace_socket>& s) {
  const auto joined = joined_.find(s->nsp());
  if (joined == joined_.end() || joined->second != s) return;
  joined_.erase(joined);
  send(encode_packet({packet_type::disconnect, s->nsp(), std::nullopt, std::nullopt}));
  s->notify_disconnect("server namespace disconnect");
}

void connection::shutdown(std::string_view reason, bool close_engine) {
  if (closed_) return;
  auto keep_alive = shared_from_this();  // the engine we drop below may own our last reference
  closed_ = true;
  close_reason_ = reason;
  connect_timer_.cancel();
  partial_.reset();
  attachments_.clear();
  pending_.clear();
  auto sockets = std::move(joined_);
  joined_.clear();
  auto engine = std::move(engine_);
  engine_.reset();
  for (auto& [nsp, s] : sockets) s->notify_disconnect(reason);
  if (close_engine && engine) engine->close();
}

}  // namespace chat::socketio::detail
