// The seam between the HTTP server and what it serves: REST, Engine.IO, static files.
// A handler owns a URL prefix; the server routes each request to the longest matching prefix.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "net/http/connection_limit.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace chat::http {

namespace beast = boost::beast;
using request = beast::http::request<beast::http::string_body>;
using response = beast::http::response<beast::http::string_body>;

/// Answers one request, once, from any thread: the response is posted onto the connection's
/// strand. Keep-alive and Content-Length are set by the server. Copyable; calls after the
/// first (or after the connection closed) are ignored.
class responder {
 public:
  using send_fn = std::function<void(response)>;
  responder() = default;
  /// `peer`: the address of the client that asked (unspecified when unknown).
  explicit responder(send_fn fn, boost::asio::ip::address peer = {}) : state_(std::make_shared<state>()) {
    state_->fn = std::move(fn);
    state_->peer = peer;
  }

  /// The address of the client that asked, for limits per address. No proxy header is
  /// trusted: behind a reverse proxy every client has the proxy's address.
  boost::asio::ip::address peer() const { return state_ ? state_->peer : boost::asio::ip::address{}; }

  void send(response res) const {
    if (!state_) return;
    send_fn fn;
    {
      std::lock_guard lock(state_->mutex);
      fn = std::move(state_->fn);
      state_->fn = nullptr;
      state_->on_abort = nullptr;
    }
    if (fn) fn(std::move(res));
  }

  /// Registers `f`, run once if the connection ends before an answer went out (a client that
  /// gave up on a long poll). Runs at once when that already happened. Replaces an earlier one.
  void on_abort(std::function<void()> f) const {
    if (!state_) return;
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->aborted) {
        if (state_->fn) state_->on_abort = std::move(f);
        return;
      }
    }
    if (f) f();
  }

  /// Server side: the connection ended; drops the answer path and runs the on_abort callback
  /// when no answer was sent.
  void abort() const {
    if (!state_) return;
    std::function<void()> f;
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->fn) return;
      state_->aborted = true;
      state_->fn = nullptr;
      f = std::move(state_->on_abort);
      state_->on_abort = nullptr;
    }
    if (f) f();
  }

  /// True until an answer was sent or the connection ended.
  bool pending() const {
    if (!state_) return false;
    std::lock_guard lock(state_->mutex);
    return static_cast<bool>(state_->fn);
  }

 private:
  struct state {
    std::mutex mutex;
    send_fn fn;
    std::function<void()> on_abort;
    bool aborted = false;
    boost::asio::ip::address peer;  // set once, before the responder is shared
  };
  std::shared_ptr<state> state_;
};

/// Serves one URL prefix.
class handler {
 public:
  virtual ~handler() = default;

  /// A plain HTTP request: answer exactly once through `reply`, now or later, any thread.
  virtual void handle(request req, responder reply) = 0;

  /// A WebSocket upgrade request (Upgrade: websocket). The handler takes the stream over,
  /// with its `slot` under max_connections: hold it as long as the connection is open.
  /// The default answers 404 and closes.
  virtual void upgrade(request req, beast::tcp_stream stream, connection_slot slot);
};

}  // namespace chat::http
