// One HTTP/1.1 connection (see http_session.hpp). Modelled on Beast's advanced server.
#include "net/http/http_session.hpp"

#include <exception>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/http/error_response.hpp"
#include "net/http/fail.hpp"
#include "net/http/write_and_close.hpp"

namespace chat::http {

namespace net = boost::asio;
namespace bhttp = beast::http;

http_session::http_session(net::ip::tcp::socket&& socket, std::shared_ptr<server_context> ctx, connection_slot slot)
    : stream_(std::move(socket)), ctx_(std::move(ctx)), slot_(std::move(slot)), idle_timer_(stream_.get_executor()) {
  ++ctx_->open_connections;
  beast::error_code ec;
  peer_ = stream_.socket().remote_endpoint(ec).address();
}

http_session::~http_session() { --ctx_->open_connections; }

void http_session::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void http_session::do_read() {
  if (closed_ || read_done_ || reading_ || slots_.size() >= ctx_->options.max_pipelined) return;
  parser_.emplace();
  parser_->body_limit(ctx_->options.body_limit);
  if (slots_.empty()) arm_idle_timer();
  // Our own idle timer guards reads: a read may stay pending for as long as a long-poll
  // answer is outstanding, which no fixed stream timeout can express.
  stream_.expires_never();
  reading_ = true;
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

void http_session::on_read(beast::error_code ec, std::size_t) {
  reading_ = false;
  if (closed_) return;
  if (ec == bhttp::error::body_limit) {
    read_done_ = true;
    slots_.push_back(slot{});
    auto& s = slots_.back();
    s.keep_alive = false;
    on_answer(first_seq_ + slots_.size() - 1,
              error_response(bhttp::status::payload_too_large, "payload_too_large", "request body too large"));
    return;
  }
  if (ec) {
    fail(ec, "http read");
    do_close();
    return;
  }
  idle_timer_.cancel();
  auto req = parser_->release();
  if (beast::websocket::is_upgrade(req)) {
    read_done_ = true;
    upgrade_ = std::move(req);
    if (slots_.empty()) hand_off_upgrade();
    return;
  }
  if (!req.keep_alive()) read_done_ = true;
  dispatch_request(std::move(req));
  do_read();
}

void http_session::dispatch_request(request req) {
  const std::uint64_t seq = first_seq_ + slots_.size();
  slots_.push_back(slot{});
  auto& s = slots_.back();
  s.keep_alive = req.keep_alive();
  s.version = req.version();
  if (ctx_->options.on_response) {
    s.meta.emplace();
    s.meta->base() = req.base();
  }
  auto h = ctx_->routes.find(req.target());
  if (!h) {
    on_answer(seq, error_response(bhttp::status::not_found, "not_found", "no such resource", req.version()));
    return;
  }
  // The answer may come from any thread: hop onto this connection's strand.
  s.reply = responder(
      [self = shared_from_this(), seq](response res) {
        net::post(self->stream_.get_executor(),
                  [self, seq, res = std::move(res)]() mutable { self->on_answer(seq, std::move(res)); });
      },
      peer_);
  auto reply = s.reply;  // `s` may move when the handler answers inline and the slot is popped
  try {
    h->handle(std::move(req), reply);
  } catch (const std::exception& e) {
    fail(beast::error_code{}, e.what());
    reply.send(error_response(bhttp::status::internal_server_error, "internal", "internal error"));
  }
}

void http_session::on_answer(std::uint64_t seq, response res) {
  if (closed_ || seq < first_seq_ || seq - first_seq_ >= slots_.size()) return;
  auto& s = slots_[seq - first_seq_];
  if (s.ready) return;
  res.version(s.version);
  res.keep_alive(s.keep_alive);
  // A 304 states no length (RFC 9110 §8.6: it could only repeat the full one), and a HEAD
  // answer keeps the length of the body it leaves out; everything else gets its own length.
  const bool bodiless = res.body().empty()
                        && (res.result() == bhttp::status::not_modified || res.has_content_length());
  if (!bodiless) res.prepare_payload();
  s.res = std::move(res);
  s.ready = true;
  if (ctx_->options.on_response) {
    static const request empty;
    ctx_->options.on_response(s.meta ? *s.meta : empty, s.res.result_int());
  }
  do_write();
}

void http_session::do_write() {
  if (closed_ || writing_ || slots_.empty() || !slots_.front().ready) return;
  writing_ = true;
  stream_.expires_after(ctx_->options.write_timeout);
  const bool close = slots_.front().res.need_eof();
  bhttp::async_write(stream_, slots_.front().res,
                     [self = shared_from_this(), close](beast::error_code ec, std::size_t n) {
                       self->on_write(close, ec, n);
                     });
}

void http_session::on_write(bool close, beast::error_code ec, std::size_t) {
  writing_ = false;
  if (closed_) return;
  if (ec) {
    fail(ec, "http write");
    do_close();
    return;
  }
  slots_.pop_front();
  ++first_seq_;
  if (close) {
    do_close();
    return;
  }
  if (slots_.empty()) {
    if (upgrade_) return hand_off_upgrade();
    if (reading_) arm_idle_timer();
  }
  do_write();
  do_read();
}

void http_session::hand_off_upgrade() {
  closed_ = true;
  idle_timer_.cancel();
  auto req = std::move(*upgrade_);
  upgrade_.reset();
  auto h = ctx_->routes.find(req.target());
  if (!h) {
    write_and_close(std::move(stream_),
                    error_response(bhttp::status::not_found, "not_found", "no such resource", req.version()));
    return;
  }
  try {
    h->upgrade(std::move(req), std::move(stream_), std::move(slot_));
  } catch (const std::exception& e) {
    fail(beast::error_code{}, e.what());
  }
}

void http_session::arm_idle_timer() {
  idle_timer_.expires_after(ctx_->options.idle_timeout);
  idle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_ || !self->slots_.empty()) return;
    self->do_close();
  });
}

void http_session::do_close() {
  if (closed_) return;
  closed_ = true;
  idle_timer_.cancel();
  // Handlers still holding a responder learn that nobody listens any more.
  for (auto& s : slots_) s.reply.abort();
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  stream_.close();
}

}  // namespace chat::http
