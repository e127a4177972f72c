// The WebSocket side of an Engine.IO session: WebSocket-only sessions, and the upgrade of a
// polling session (probe "2probe"/"3probe", then "5" swaps the transport; engine.io v4 §upgrade).
#include "net/engineio/session.hpp"

#include "net/engineio/request_error.hpp"
#include "net/http/write_and_close.hpp"

namespace chat::engineio {

namespace beast = boost::beast;

namespace {
out_packet control(packet_type t, std::string data = {}) {
  return out_packet{t, data.empty() ? nullptr : std::make_shared<const std::string>(std::move(data)), nullptr};
}
}  // namespace

void session::open_websocket(http::request req, beast::tcp_stream stream, http::connection_slot slot) {
  websocket_ = true;
  auto ws = std::make_shared<websocket_transport>(std::move(stream), opts_->max_payload, std::move(slot));
  ws->accept(std::move(req), [self = shared_from_this(), ws](beast::error_code ec) {
    if (ec) return self->end("transport error", end_kind::client);
    if (self->ended_) return ws->close();
    self->ws_ = ws;
    handshake h{self->id_, {}, static_cast<unsigned>(self->opts_->ping_interval.count()),
                static_cast<unsigned>(self->opts_->ping_timeout.count()), self->opts_->max_payload};
    ws->write(control(packet_type::open, encode_open(h).substr(1)));
    // The heartbeat clock starts with the open packet.
    self->start_heartbeat();
    if (self->on_connection_) self->on_connection_(self);
    ws->start(self->callbacks_for(ws));
    self->flush();
  });
}

void session::on_upgrade_request(http::request req, beast::tcp_stream stream, http::connection_slot slot) {
  if (ended_ || expired()) {
    if (!ended_) end("ping timeout", end_kind::server);
    return http::write_and_close(std::move(stream), error_response(request_error::unknown_sid, req.version()),
                                 std::move(slot));
  }
  auto ws = std::make_shared<websocket_transport>(std::move(stream), opts_->max_payload, std::move(slot));
  if (websocket_ || probe_) {
    // Already upgraded (or upgrading): accept, then close at once. An HTTP 400 here would be
    // an unhandled error in clients that expect the WebSocket to open.
    return ws->accept(std::move(req), [ws](beast::error_code ec) {
      if (!ec) ws->close();
    });
  }
  ws->accept(std::move(req), [self = shared_from_this(), ws](beast::error_code ec) {
    if (ec) return;
    if (self->ended_ || self->websocket_ || self->probe_) return ws->close();
    self->probe_ = ws;
    self->upgrade_timer_.expires_after(self->opts_->upgrade_timeout);
    self->upgrade_timer_.async_wait([w = self->weak_from_this(), probe = std::weak_ptr(ws)](beast::error_code e) {
      auto s = w.lock();
      if (!e && s && s->probe_ && s->probe_ == probe.lock()) s->drop_probe();
    });
    ws->start(self->callbacks_for(ws));
  });
}

websocket_transport::callbacks session::callbacks_for(const std::shared_ptr<websocket_transport>& ws) {
  // Raw pointers only identify the transport; weak refs keep session and transport acyclic.
  const websocket_transport* id = ws.get();
  auto w = weak_from_this();
  return {
      [w, id](std::string_view text) {
        if (auto s = w.lock()) s->on_ws_text(id, text);
      },
      [w, id](std::string_view bytes) {
        if (auto s = w.lock()) s->on_ws_binary(id, bytes);
      },
      [w, id] {
        if (auto s = w.lock()) s->on_ws_closed(id);
      },
  };
}

void session::on_ws_text(const websocket_transport* ws, std::string_view text) {
  if (ended_) return;
  if (probe_ && ws == probe_.get()) return handle_probe_text(text);
  if (!ws_ || ws != ws_.get()) return;
  if (!text.empty() && text.front() == '4') {
    // The common case without a copy.
    if (handlers_.on_text) handlers_.on_text(text.substr(1));
    return;
  }
  auto p = decode_packet(text, false);
  if (!p) return end("parse error", end_kind::server);
  handle_packet(*p);
}

void session::on_ws_binary(const websocket_transport* ws, std::string_view bytes) {
  if (ended_) return;
  if (probe_ && ws == probe_.get()) return drop_probe();
  if (!ws_ || ws != ws_.get()) return;
  if (handlers_.on_binary)
    handlers_.on_binary({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

void session::on_ws_closed(const websocket_transport* ws) {
  if (ended_) return;
  if (probe_ && ws == probe_.get()) {
    probe_.reset();
    upgrading_ = false;
    upgrade_timer_.cancel();
    return;
  }
  if (ws_ && ws == ws_.get()) end("transport close", end_kind::client);
}

void session::handle_probe_text(std::string_view text) {
  if (text == "2probe") {
    probe_->write(control(packet_type::pong, "probe"));
    upgrading_ = true;
    // A GET held now must end quickly so that the client can pause polling.
    if (pending_get_ && queue_.empty()) reply_get("6");
  } else if (text == "5") {
    complete_upgrade();
  } else {
    drop_probe();
  }
}

void session::complete_upgrade() {
  upgrade_timer_.cancel();
  websocket_ = true;
  upgrading_ = false;
  ws_ = std::move(probe_);
  probe_.reset();
  if (pending_get_) reply_get("6");
  flush();  // whatever waited for a GET now goes over the WebSocket, in order
}

void session::drop_probe() {
  upgrade_timer_.cancel();
  upgrading_ = false;
  if (auto p = std::move(probe_)) p->close();
  probe_.reset();
}

}  // namespace chat::engineio
