// The seam between the HTTP server and what it serves: REST, Engine.IO, static files.
// A handler owns a URL prefix; the server routes each request to the longest matching prefix.
#pragma once

#include <functional>
#include <memory>

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
  explicit responder(send_fn fn) : fn_(std::make_shared<send_fn>(std::move(fn))) {}

  void send(response res) const {
    if (fn_ && *fn_) {
      auto fn = std::move(*fn_);
      *fn_ = nullptr;
      fn(std::move(res));
    }
  }

 private:
  std::shared_ptr<send_fn> fn_;
};

/// Serves one URL prefix.
class handler {
 public:
  virtual ~handler() = default;

  /// A plain HTTP request: answer exactly once through `reply`, now or later, any thread.
  virtual void handle(request req, responder reply) = 0;

  /// A WebSocket upgrade request (Upgrade: websocket). The handler takes the stream over.
  /// The default answers 404 and closes.
  virtual void upgrade(request req, beast::tcp_stream stream);
};

}  // namespace chat::http
