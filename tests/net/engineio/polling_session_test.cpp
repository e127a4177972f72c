// Engine.IO polling sessions in memory: the server's handle() fed with requests and fake
// responders, no sockets. Echo, batching of one POST's echoes, heartbeat death, abort of a poll,
// shutdown.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "net/engineio/server.hpp"

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using namespace chat;

namespace {

/// An Engine.IO echo server driven by hand on one io_context.
struct harness {
  net::io_context ioc;
  engineio::server srv;
  int closed = 0;
  std::vector<engineio::socket_ptr> sockets;  // every session the layer above saw

  explicit harness(std::chrono::milliseconds ping_interval = std::chrono::milliseconds(300),
                   std::size_t max_pending = 64)
      : srv(ioc, options(ping_interval, max_pending)) {
    srv.set_on_connection([this](engineio::socket_ptr s) {
      sockets.push_back(s);
      std::weak_ptr<engineio::socket> w = s;
      s->set_handlers({[w](std::string_view text) {
                         if (auto s = w.lock()) s->send_text(std::make_shared<const std::string>(text));
                       },
                       {},
                       [this](std::string_view) { ++closed; }});
    });
  }
  static engineio::server_options options(std::chrono::milliseconds ping_interval, std::size_t max_pending) {
    engineio::server_options o;
    o.ping_interval = ping_interval;
    o.ping_timeout = std::chrono::milliseconds(200);
    o.max_pending_per_address = max_pending;
    o.cors_origins = {"*"};  // as chatd runs by default: answers go through the CORS wrapper
    return o;
  }

  /// Sends a request; the answer (if any yet) lands in the returned slot after run.
  std::shared_ptr<std::optional<http::response>> send(bhttp::verb verb, std::string target, std::string body = {},
                                                      http::responder* keep = nullptr,
                                                      const char* peer = "192.0.2.1") {
    auto slot = std::make_shared<std::optional<http::response>>();
    http::request req{verb, target, 11};
    req.body() = std::move(body);
    http::responder reply([slot](http::response res) { *slot = std::move(res); }, net::ip::make_address(peer));
    if (keep) *keep = reply;
    srv.handle(std::move(req), reply);
    ioc.poll();
    ioc.restart();
    return slot;
  }

  std::string handshake() {
    auto res = send(bhttp::verb::get, "/engine.io/?EIO=4&transport=polling");
    REQUIRE(res->has_value());
    return nlohmann::json::parse((*res)->body().substr(1))["sid"];
  }
  std::string q(const std::string& sid) { return "/engine.io/?EIO=4&transport=polling&sid=" + sid; }
  /// The status of a polling handshake from `peer`.
  int handshake_from(const char* peer) {
    auto res = send(bhttp::verb::get, "/engine.io/?EIO=4&transport=polling", {}, nullptr, peer);
    REQUIRE(res->has_value());
    return (*res)->result_int();
  }
};

}  // namespace

TEST_CASE("the echoes of one POST are queued before its ok and leave in one GET") {
  harness h;
  auto sid = h.handshake();
  auto ok = h.send(bhttp::verb::post, h.q(sid), "4a\x1e" "4b");
  REQUIRE(ok->has_value());
  CHECK((*ok)->body() == "ok");
  auto got = h.send(bhttp::verb::get, h.q(sid));
  REQUIRE(got->has_value());
  CHECK((*got)->body() == "4a\x1e" "4b");
}

TEST_CASE("a held GET is answered when the echo of a later POST arrives") {
  harness h;
  auto sid = h.handshake();
  auto held = h.send(bhttp::verb::get, h.q(sid));
  CHECK_FALSE(held->has_value());
  h.send(bhttp::verb::post, h.q(sid), "4late");
  REQUIRE(held->has_value());
  CHECK((*held)->body() == "4late");
}

TEST_CASE("a session without pong is gone at pingInterval + pingTimeout, on_close runs once") {
  harness h(std::chrono::milliseconds(20));
  auto sid = h.handshake();
  h.ioc.run_for(std::chrono::milliseconds(300));  // the heartbeat timers fire and end the session
  h.ioc.restart();
  CHECK(h.closed == 1);
  CHECK(h.srv.session_count() == 0);
  auto res = h.send(bhttp::verb::get, h.q(sid));
  REQUIRE(res->has_value());
  CHECK((*res)->result_int() == 400);
}

TEST_CASE("a poll whose connection went away ends the session") {
  harness h;
  auto sid = h.handshake();
  http::responder held;
  h.send(bhttp::verb::get, h.q(sid), {}, &held);
  held.abort();
  h.ioc.poll();
  CHECK(h.closed == 1);
  CHECK(h.srv.session_count() == 0);
}

TEST_CASE("at shutdown, end_all ends a session that never polled for its close packet") {
  harness h;
  auto between_polls = h.handshake();
  auto polling = h.handshake();
  auto held = h.send(bhttp::verb::get, h.q(polling));
  h.srv.close_all();  // graceful: the first session waits for a GET to carry the close packet
  h.ioc.poll();
  h.ioc.restart();
  REQUIRE(held->has_value());
  CHECK((*held)->body() == "1");
  CHECK(h.closed == 1);
  CHECK(h.srv.session_count() == 1);

  h.srv.end_all();  // no thread runs the io_context any more: ends it right here
  CHECK(h.closed == 2);
  CHECK(h.srv.session_count() == 0);
}

TEST_CASE("one address holds at most max_pending_per_address sessions the layer above has not admitted") {
  harness h(std::chrono::milliseconds(300), 2);
  CHECK(h.handshake_from("192.0.2.1") == 200);
  CHECK(h.handshake_from("192.0.2.1") == 200);
  CHECK(h.handshake_from("192.0.2.1") == 429);                 // a third one waits its turn
  CHECK(h.handshake_from("::ffff:192.0.2.1") == 429);          // the same client over IPv6
  CHECK(h.handshake_from("192.0.2.2") == 200);                 // others are not affected
  CHECK(h.handshake_from("2001:db8::1") == 200);
  CHECK(h.handshake_from("2001:db8::2") == 200);
  CHECK(h.handshake_from("2001:db8::3") == 429);               // one /64 is one client
  CHECK(h.handshake_from("2001:db8:0:1::1") == 200);
  auto res = h.send(bhttp::verb::get, "/engine.io/?EIO=4&transport=polling", {}, nullptr, "192.0.2.1");
  CHECK((*res)->body() == "{\"code\":6,\"message\":\"Too many sessions waiting to connect from this address\"}");

  h.sockets.at(0)->admit();  // authenticated: no longer pending
  h.ioc.poll();
  h.ioc.restart();
  CHECK(h.handshake_from("192.0.2.1") == 200);
  CHECK(h.handshake_from("192.0.2.1") == 429);
  h.sockets.at(1)->close();  // a closing session is not pending any more either
  h.ioc.poll();
  h.ioc.restart();
  CHECK(h.handshake_from("192.0.2.1") == 200);
}
