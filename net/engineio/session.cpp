// One Engine.IO session (see session.hpp): heartbeat, output queue, polling requests and
// the WebSocket transport, including the polling -> WebSocket upgrade (engine.io v4 §upgrade).
#include "net/engineio/session.hpp"

#include <algorithm>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "net/engineio/request_error.hpp"
#include "net/http/error_response.hpp"
#include "net/http/write_and_close.hpp"

namespace chat::engineio {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

http::response polling_response(std::string body, const char* content_type = "text/plain; charset=UTF-8") {
  http::response res{bhttp::status::ok, 11};
  res.set(bhttp::field::content_type, content_type);
  res.set(bhttp::field::cache_control, "no-store");
  res.body() = std::move(body);
  return res;
}

out_packet control(packet_type t, std::string data = {}) {
  return out_packet{t, data.empty() ? nullptr : std::make_shared<const std::string>(std::move(data)), nullptr};
}

}  // namespace

session::session(strand_type strand, std::string id, std::shared_ptr<const server_options> opts,
                 std::function<void(socket_ptr)> on_connection, std::function<void(const std::string&)> on_end,
                 std::shared_ptr<const void> pending)
    : strand_(std::move(strand)),
      id_(std::move(id)),
      opts_(std::move(opts)),
      on_connection_(std::move(on_connection)),
      on_end_(std::move(on_end)),
      pending_(std::move(pending)),
      heartbeat_(strand_),
      upgrade_timer_(strand_) {}

// -- socket ---------------------------------------------------------------------------------

void session::set_handlers(handlers h) { handlers_ = std::move(h); }

void session::send_text(text_ptr payload) {
  // dispatch, not post: an echo sent from inside on_text is queued before the POST's "ok".
  net::dispatch(strand_, [self = shared_from_this(), payload = std::move(payload)]() mutable {
    self->enqueue(out_packet{packet_type::message, std::move(payload), nullptr});
    self->flush();
  });
}

void session::send_binary(bytes_ptr payload) {
  net::dispatch(strand_, [self = shared_from_this(), payload = std::move(payload)]() mutable {
    self->enqueue(out_packet{packet_type::message, nullptr, std::move(payload)});
    self->flush();
  });
}

void session::admit() {
  net::dispatch(strand_, [self = shared_from_this()] { self->pending_.reset(); });
}

void session::close() {
  net::dispatch(strand_, [self = shared_from_this()] {
    self->pending_.reset();  // a closing session no longer waits to be admitted
    if (self->ended_ || self->closing_) return;
    if (self->websocket_) return self->end("forced close", end_kind::server);
    // Polling: the close packet must reach the client through a GET; wait for one, at most
    // pingTimeout.
    self->closing_ = true;
    self->enqueue(control(packet_type::close));
    self->flush();
    if (self->ended_) return;
    const auto gen = ++self->timer_gen_;
    self->heartbeat_.expires_after(self->opts_->ping_timeout);
    self->heartbeat_.async_wait([w = self->weak_from_this(), gen](boost::beast::error_code ec) {
      auto s = w.lock();
      if (!ec && s && s->timer_gen_ == gen) s->end("forced close", end_kind::server);
    });
  });
}

void session::end_now() { end("forced close", end_kind::server); }

// -- heartbeat (engine.io v4 §heartbeat: server pings, client pongs) -------------------------

void session::start_heartbeat() { schedule_ping(clock::now() + opts_->ping_interval); }

void session::schedule_ping(clock::time_point due) {
  ping_due_ = due;
  awaiting_pong_ = false;
  const auto gen = ++timer_gen_;
  heartbeat_.expires_at(due);
  heartbeat_.async_wait([w = weak_from_this(), gen](boost::beast::error_code ec) {
    auto s = w.lock();
    if (!ec && s && s->timer_gen_ == gen) s->on_ping_due();
  });
}

void session::on_ping_due() {
  if (ended_ || closing_) return;
  awaiting_pong_ = true;
  enqueue(control(packet_type::ping));
  flush();
  if (ended_) return;
  const auto gen = ++timer_gen_;
  // The deadline counts from when the ping was due, not when the timer fired: the session
  // is dead pingInterval + pingTimeout after the handshake, never later.
  heartbeat_.expires_at(ping_due_ + opts_->ping_timeout);
  heartbeat_.async_wait([w = weak_from_this(), gen](boost::beast::error_code ec) {
    auto s = w.lock();
    if (!ec && s && s->timer_gen_ == gen && s->awaiting_pong_) s->end("ping timeout", end_kind::server);
  });
}

bool session::expired() const {
  // Also true when the timers have not fired yet: a request may arrive first.
  return !closing_ && clock::now() >= ping_due_ + opts_->ping_timeout;
}

// -- output -----------------------------------------------------------------------------------

void session::enqueue(out_packet p) {
  if (ended_) return;
  queued_bytes_ += p.wire_size();
  queue_.push_back(std::move(p));
  const std::size_t pending = queued_bytes_ + (ws_ ? ws_->buffered() : 0);
  if (pending > opts_->max_buffered_bytes) {
    // A client that stops reading must not make the server buffer without bound.
    auto ws = ws_;
    end("slow client", end_kind::server);
    if (ws) ws->abort();
  }
}

void session::flush() {
  if (ended_) return;
  if (websocket_) {
    if (!ws_) return;  // handshake still running
    while (!queue_.empty()) {
      ws_->write(std::move(queue_.front()));
      queue_.pop_front();
    }
    queued_bytes_ = 0;
    return;
  }
  if (pending_get_ && !queue_.empty() && !in_post_) {
    reply_get(encode_payload(std::vector<out_packet>(queue_.begin(), queue_.end())));
    queue_.clear();
    queued_bytes_ = 0;
    if (closing_) end("forced close", end_kind::server);
  }
}

void session::reply_get(std::string body) {
  auto reply = std::move(*pending_get_);
  pending_get_.reset();
  reply.send(polling_response(std::move(body)));
}

// -- polling ----------------------------------------------------------------------------------

void session::open_polling(http::responder reply) {
  if (on_connection_) on_connection_(shared_from_this());
  handshake h{id_, {}, static_cast<unsigned>(opts_->ping_interval.count()),
              static_cast<unsigned>(opts_->ping_timeout.count()), opts_->max_payload};
  if (opts_->allow_upgrades && opts_->allow_websocket) h.upgrades.push_back("websocket");
  start_heartbeat();
  reply.send(polling_response(encode_open(h)));
}

void session::on_poll(http::responder reply) {
  if (lingering_) {
    // This GET raced the POST that closed the session (the client sent both at once, GET
    // first): answer it as if it had been held.
    reply.send(polling_response("6"));
    return forget();
  }
  if (ended_ || expired()) {
    if (!ended_) end("ping timeout", end_kind::server);
    return reply.send(error_response(request_error::unknown_sid));
  }
  if (websocket_) return reply.send(error_response(request_error::bad_request));
  if (pending_get_) {
    // engine.io v4: a second GET while one is pending closes the session; the first gets "1".
    reply.send(error_response(request_error::bad_request));
    return end("multiple polls", end_kind::server);
  }
  pending_get_ = std::move(reply);
  const auto seq = ++get_seq_;
  if (!queue_.empty()) return flush();
  if (upgrading_) return reply_get("6");  // the client must let go of polling quickly
  pending_get_->on_abort([w = weak_from_this(), seq] {
    auto s = w.lock();
    if (!s) return;
    net::post(s->strand_, [s, seq] {
      if (s->ended_ || !s->pending_get_ || s->get_seq_ != seq) return;
      s->pending_get_.reset();
      s->end("transport close", end_kind::client);
    });
  });
}

void session::on_post(std::string body, http::responder reply) {
  if (ended_ || expired()) {
    if (!ended_) end("ping timeout", end_kind::server);
    return reply.send(error_response(request_error::unknown_sid));
  }
  if (websocket_) return reply.send(error_response(request_error::bad_request));
  if (body.size() > opts_->max_payload) {
    reply.send(http::error_response(bhttp::status::payload_too_large, "payload_too_large", "payload too large"));
    return end("payload too large", end_kind::server);
  }
  auto packets = decode_payload(body);
  if (!packets) {
    reply.send(error_response(request_error::bad_request));
    return end("parse error", end_kind::server);
  }
  in_post_ = true;
  for (const auto& p : *packets) {
    if (ended_) break;
    handle_packet(p);
  }
  in_post_ = false;
  flush();
  reply.send(polling_response("ok", "text/html"));
}

void session::handle_packet(const packet& p) {
  switch (p.type) {
    case packet_type::message:
      if (p.binary) {
        if (handlers_.on_binary)
          handlers_.on_binary({reinterpret_cast<const std::uint8_t*>(p.data.data()), p.data.size()});
      } else if (handlers_.on_text) {
        handlers_.on_text(p.data);
      }
      break;
    case packet_type::pong:
      if (awaiting_pong_) schedule_ping(clock::now() + opts_->ping_interval);
      break;
    case packet_type::close:
      end("transport close", websocket_ ? end_kind::client : end_kind::close_packet);
      break;
    case packet_type::ping:  // v4: only the server pings ("2probe" travels on the probe socket)
      end("protocol error", end_kind::server);
      break;
    default:  // open, upgrade, noop: nothing to do
      break;
  }
}

// -- the end ----------------------------------------------------------------------------------

void session::end(std::string_view reason, end_kind kind) {
  if (ended_) return;
  if (ws_ && kind == end_kind::server) flush();  // queued frames go out before the close frame
  ended_ = true;
  pending_.reset();
  ++timer_gen_;
  heartbeat_.cancel();
  upgrade_timer_.cancel();
  const bool replied_get = pending_get_.has_value();
  if (pending_get_) reply_get(kind == end_kind::server ? "1" : "6");
  if (ws_) ws_->close();
  if (probe_) probe_->close();
  queue_.clear();
  queued_bytes_ = 0;
  if (kind == end_kind::close_packet && !replied_get) {
    // Two connections, two threads: a GET sent just before the closing POST may reach us just
    // after it. Keep the sid a moment for that GET (see on_poll).
    lingering_ = true;
    const auto gen = ++timer_gen_;
    heartbeat_.expires_after(std::min<std::chrono::milliseconds>(opts_->ping_timeout, std::chrono::seconds(1)));
    heartbeat_.async_wait([w = weak_from_this(), gen](boost::beast::error_code ec) {
      auto s = w.lock();
      if (!ec && s && s->timer_gen_ == gen) s->forget();
    });
  } else {
    forget();
  }
  on_connection_ = nullptr;
  auto h = std::move(handlers_);
  handlers_ = {};  // breaks the cycle through the layer above
  if (h.on_close) h.on_close(reason);
}

}  // namespace chat::engineio

namespace chat::engineio {

void session::forget() {
  lingering_ = false;
  ++timer_gen_;
  if (auto f = std::move(on_end_)) f(id_);
  on_end_ = nullptr;
}

}  // namespace chat::engineio
