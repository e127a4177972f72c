// The HTTP server in-process on port 0, spoken to by a plain Beast client: keep-alive, 404,
// body limit, pipelining in order, the on_response hook.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "net/http/server.hpp"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using net::ip::tcp;

namespace {

/// Answers with the request target, at once.
struct echo_target : chat::http::handler {
  void handle(chat::http::request req, chat::http::responder reply) override {
    chat::http::response res{bhttp::status::ok, 11};
    res.body() = std::string(req.target());
    reply.send(std::move(res));
  }
};

/// Answers "slow" after 50 ms, from a timer: the later request must still come second.
struct slow : chat::http::handler {
  net::io_context& ioc;
  explicit slow(net::io_context& c) : ioc(c) {}
  void handle(chat::http::request, chat::http::responder reply) override {
    auto t = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
    t->async_wait([t, reply](beast::error_code) {
      chat::http::response res{bhttp::status::ok, 11};
      res.body() = "slow";
      reply.send(std::move(res));
    });
  }
};

/// Answers without a body as the static files do: a 304, or a HEAD answer stating the length
/// of the body it leaves out.
struct bodiless : chat::http::handler {
  void handle(chat::http::request req, chat::http::responder reply) override {
    chat::http::response res{bhttp::status::ok, 11};
    if (req.method() == bhttp::verb::head) res.content_length(1234);
    else res.result(bhttp::status::not_modified);
    reply.send(std::move(res));
  }
};

/// A server on 127.0.0.1:<free port> with its own I/O thread.
struct fixture {
  net::io_context ioc;
  std::atomic<int> answered{0};
  chat::http::server srv;
  unsigned short port;
  std::thread io;

  explicit fixture(std::size_t body_limit = 1024 * 1024, std::size_t max_connections = 10000)
      : srv(ioc, make_options(body_limit, max_connections)), port(0) {
    srv.mount("/echo", std::make_shared<echo_target>());
    srv.mount("/slow", std::make_shared<slow>(ioc));
    srv.mount("/bodiless", std::make_shared<bodiless>());
    port = srv.listen("127.0.0.1", 0);
    io = std::thread([this] { ioc.run(); });
  }
  ~fixture() {
    srv.stop();
    ioc.stop();
    io.join();
  }
  chat::http::server_options make_options(std::size_t body_limit, std::size_t max_connections) {
    chat::http::server_options o;
    o.body_limit = body_limit;
    o.max_connections = max_connections;
    o.on_response = [this](const chat::http::request&, unsigned) { ++answered; };
    return o;
  }
};

struct client {
  net::io_context ioc;
  tcp::socket sock{ioc};
  beast::flat_buffer buf;
  explicit client(unsigned short port) { sock.connect({net::ip::make_address("127.0.0.1"), port}); }

  void send(bhttp::verb verb, std::string target, std::string body = {}, bool keep_alive = true) {
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "localhost");
    req.keep_alive(keep_alive);
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(sock, req);
  }
  bhttp::response<bhttp::string_body> receive() {
    bhttp::response<bhttp::string_body> res;
    bhttp::read(sock, buf, res);
    return res;
  }
  /// True when the server closed the connection.
  bool closed_by_server() {
    char c;
    beast::error_code ec;
    sock.read_some(net::buffer(&c, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }
};

}  // namespace

TEST_CASE("one keep-alive connection carries several requests") {
  fixture f;
  client c(f.port);
  c.send(bhttp::verb::get, "/echo/one");
  auto first = c.receive();
  c.send(bhttp::verb::get, "/echo/two");
  auto second = c.receive();
  CHECK(first.body() == "/echo/one");
  CHECK(second.body() == "/echo/two");
  CHECK(second.keep_alive());
  CHECK(second[bhttp::field::content_length] == "9");
  CHECK(f.srv.open_connections() == 1);
  CHECK(f.answered == 2);
}

TEST_CASE("a path nobody mounted gets a JSON 404") {
  fixture f;
  client c(f.port);
  c.send(bhttp::verb::get, "/nowhere");
  auto res = c.receive();
  CHECK(res.result() == bhttp::status::not_found);
  CHECK(res.body().find("\"code\":\"not_found\"") != std::string::npos);
  CHECK(res[bhttp::field::content_type] == "application/json");
}

TEST_CASE("a body over the limit gets 413 and the connection closes") {
  fixture f(16);
  client c(f.port);
  c.send(bhttp::verb::post, "/echo", std::string(100, 'x'));
  auto res = c.receive();
  CHECK(res.result() == bhttp::status::payload_too_large);
  CHECK(c.closed_by_server());
}

TEST_CASE("pipelined requests are answered in order even when the first is slower") {
  fixture f;
  client c(f.port);
  // Both requests leave in one write before any answer comes back.
  std::string two =
      "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /echo/fast HTTP/1.1\r\nHost: x\r\n\r\n";
  net::write(c.sock, net::buffer(two));
  CHECK(c.receive().body() == "slow");
  CHECK(c.receive().body() == "/echo/fast");
}

TEST_CASE("Connection: close is honoured after the answer") {
  fixture f;
  client c(f.port);
  c.send(bhttp::verb::get, "/echo/bye", {}, false);
  auto res = c.receive();
  CHECK(res.body() == "/echo/bye");
  CHECK_FALSE(res.keep_alive());
  CHECK(c.closed_by_server());
}

TEST_CASE("a 304 states no length and a HEAD answer keeps its own; the connection goes on") {
  fixture f;
  client c(f.port);
  c.send(bhttp::verb::get, "/bodiless");
  auto not_modified = c.receive();
  CHECK(not_modified.result() == bhttp::status::not_modified);
  CHECK(not_modified.count(bhttp::field::content_length) == 0);  // RFC 9110 §8.6
  c.send(bhttp::verb::head, "/bodiless");
  bhttp::response_parser<bhttp::string_body> head;
  head.skip(true);  // a HEAD answer has no body, whatever its Content-Length says
  bhttp::read(c.sock, c.buf, head);
  CHECK(head.get()[bhttp::field::content_length] == "1234");
  c.send(bhttp::verb::get, "/echo/after");
  CHECK(c.receive().body() == "/echo/after");
}

TEST_CASE("past max_connections a new connection is closed at once; the open ones are served") {
  fixture f(1024 * 1024, 2);
  client a(f.port), b(f.port);
  a.send(bhttp::verb::get, "/echo/a");  // both are accepted (and counted) before the third
  CHECK(a.receive().body() == "/echo/a");
  b.send(bhttp::verb::get, "/echo/b");
  CHECK(b.receive().body() == "/echo/b");
  CHECK(f.srv.open_sockets() == 2);

  client over(f.port);  // the kernel completes the handshake; chatd closes it unread
  CHECK(over.closed_by_server());
  CHECK(f.srv.refused_connections() == 1);
  a.send(bhttp::verb::get, "/echo/still");
  CHECK(a.receive().body() == "/echo/still");

  b.sock.close();  // a place frees up once chatd has seen the close
  while (f.srv.open_sockets() > 1) std::this_thread::yield();
  client next(f.port);
  next.send(bhttp::verb::get, "/echo/next");
  CHECK(next.receive().body() == "/echo/next");
}
