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

  explicit harness(std::chrono::milliseconds ping_interval = std::chrono::milliseconds(300))
      : srv(ioc, options(ping_interval)) {
    srv.set_on_connection([this](engineio::socket_ptr s) {
      std::weak_ptr<engineio::socket> w = s;
      s->set_handlers({[w](std::string_view text) {
                         if (auto s = w.lock()) s->send_text(std::make_shared<const std::string>(text));
                       },
                       {},
                       [this](std::string_view) { ++closed; }});
    });
  }
  static engineio::server_options options(std::chrono::milliseconds ping_interval) {
    engineio::server_options o;
    o.ping_interval = ping_interval;
    o.ping_timeout = std::chrono::milliseconds(200);
    return o;
  }

  /// Sends a request; the answer (if any yet) lands in the returned slot after run.
  std::shared_ptr<std::optional<http::response>> send(bhttp::verb verb, std::string target, std::string body = {},
                                                      http::responder* keep = nullptr) {
    auto slot = std::make_shared<std::optional<http::response>>();
    http::request req{verb, target, 11};
    req.body() = std::move(body);
    http::responder reply([slot](http::response res) { *slot = std::move(res); });
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
