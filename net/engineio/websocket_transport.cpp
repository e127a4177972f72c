// The WebSocket transport of one Engine.IO session (see websocket_transport.hpp).
#include "net/engineio/websocket_transport.hpp"

#include <array>

#include <boost/asio/buffer.hpp>

#include "net/http/fail.hpp"

namespace chat::engineio {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {
// Type characters of the text frames; a message frame is this one byte plus the shared payload.
constexpr char type_chars[] = "0123456";
// Read buffer capacity kept between messages; chat messages are far smaller.
constexpr std::size_t retained_read_buffer = 64 * 1024;
}  // namespace

websocket_transport::websocket_transport(beast::tcp_stream stream, std::size_t max_payload,
                                         http::connection_slot slot)
    : ws_(std::move(stream)), slot_(std::move(slot)), max_payload_(max_payload) {
  // The websocket stream has its own timeouts; the tcp_stream's must be off.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  // maxPayload is enforced by do_read, not by Beast: Beast's own refusal closes the socket
  // while the client may still be sending the rest (its teardown stops reading after one
  // successful read, beast#1373), so the client gets a reset instead of the 1009 close frame.
  ws_.read_message_max(0);
  ws_.auto_fragment(false);
}

void websocket_transport::accept(http::request req, std::function<void(beast::error_code)> done) {
  req_ = std::move(req);
  ws_.async_accept(req_, [self = shared_from_this(), done = std::move(done)](beast::error_code ec) {
    self->req_ = {};
    if (ec) {
      http::fail(ec, "websocket accept");
      self->closed_ = true;
    }
    done(ec);
  });
}

void websocket_transport::start(callbacks cb) {
  cb_ = std::move(cb);
  do_read();
}

void websocket_transport::do_read() {
  // A message is read in parts of at most what maxPayload still allows, so no part takes
  // the buffer past it.
  const auto room = max_payload_ + 1 - std::min(buffer_.size(), max_payload_);
  ws_.async_read_some(buffer_, room, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) {
      http::fail(ec, "websocket read");
      self->report_closed();
      return;
    }
    if (self->buffer_.size() > self->max_payload_) {
      // Over maxPayload: a close handshake with 1009 (too big). Beast reads (and drops) what
      // the client still sends until its close frame, so the client does see the 1009.
      self->buffer_.consume(self->buffer_.size());
      self->buffer_.shrink_to_fit();
      self->closing_ = true;
      self->ws_.async_close(websocket::close_code::too_big,
                            [self](beast::error_code) { self->report_closed(); });
      return;
    }
    if (!self->ws_.is_message_done()) {
      self->do_read();
      return;
    }
    auto data = self->buffer_.cdata();
    std::string_view view(static_cast<const char*>(data.data()), data.size());
    if (self->ws_.got_text()) {
      if (self->cb_.on_text) self->cb_.on_text(view);
    } else if (self->cb_.on_binary) {
      self->cb_.on_binary(view);
    }
    self->buffer_.consume(self->buffer_.size());
    // A buffer keeps the capacity of its largest message: give a big one back, or every
    // connection that once sent maxPayload would hold a megabyte or two for good.
    if (self->buffer_.capacity() > retained_read_buffer) self->buffer_.shrink_to_fit();
    if (!self->closed_) self->do_read();
  });
}

void websocket_transport::write(out_packet p) {
  if (closed_ || closing_) return;
  buffered_ += p.wire_size();
  queue_.push_back(std::move(p));
  do_write();
}

void websocket_transport::do_write() {
  if (writing_ || closed_) return;
  if (queue_.empty()) {
    if (closing_) do_close();
    return;
  }
  writing_ = true;
  const out_packet& p = queue_.front();
  auto on_written = [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->writing_ = false;
    if (self->closed_) return;
    if (ec) {
      http::fail(ec, "websocket write");
      self->abort();
      return;
    }
    self->buffered_ -= self->queue_.front().wire_size();
    self->queue_.pop_front();
    self->do_write();
  };
  if (p.bytes) {
    ws_.binary(true);
    ws_.async_write(net::buffer(*p.bytes), std::move(on_written));
    return;
  }
  ws_.text(true);
  // Two buffers, "4" and the shared payload: the fan-out frame is never copied.
  std::array<net::const_buffer, 2> frame{
      net::buffer(&type_chars[static_cast<char>(p.type) - '0'], 1),
      p.text ? net::buffer(*p.text) : net::const_buffer{}};
  ws_.async_write(frame, std::move(on_written));
}

void websocket_transport::close() {
  if (closed_ || closing_) return;
  closing_ = true;
  if (!writing_) do_write();
}

void websocket_transport::do_close() {
  if (close_sent_ || closed_) return;
  close_sent_ = true;
  // No status code, like the reference (the client reports 1005). The read loop sees the
  // peer's answering close frame and ends.
  ws_.async_close(websocket::close_reason{}, [self = shared_from_this()](beast::error_code ec) {
    if (ec) http::fail(ec, "websocket close");
    self->abort();
  });
}

void websocket_transport::abort() {
  if (closed_) return;
  // A write in flight still reads its buffers from the front packet: keep that one.
  if (writing_)
    queue_.keep_front();
  else
    queue_.clear();
  buffered_ = 0;
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  beast::get_lowest_layer(ws_).socket().close(ec);
  report_closed();
}

void websocket_transport::report_closed() {
  if (closed_) return;
  closed_ = true;
  auto cb = std::move(cb_.on_closed);
  cb_ = {};
  if (cb) cb();
}

}  // namespace chat::engineio
