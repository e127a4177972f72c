// The Prometheus exposition as a scraper reads it: HELP/TYPE headers, labelled series,
// escaping, and counters that move under concurrent increments.
#include <doctest/doctest.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include "net/metrics/http_metrics.hpp"
#include "net/metrics/registry.hpp"

using namespace chat::metrics;

TEST_CASE("an unlabelled counter is exposed with HELP, TYPE and its value from the start") {
  registry reg;
  auto& messages = reg.add_counter("chat_messages_total", "Messages stored").with({});
  CHECK(reg.render() ==
        "# HELP chat_messages_total Messages stored\n"
        "# TYPE chat_messages_total counter\n"
        "chat_messages_total 0\n");
  messages.inc();
  messages.inc(2);
  CHECK(reg.render().ends_with("chat_messages_total 3\n"));
}

TEST_CASE("labelled series render label pairs in registration order, families in order") {
  registry reg;
  auto& conns = reg.add_gauge("socketio_connections", "Open Socket.IO sessions", {"transport"});
  auto& reqs = reg.add_counter("rest_total", "REST calls", {"route", "status"});
  conns.with({"websocket"}).set(5);
  conns.with({"polling"}).inc();
  conns.with({"polling"}).inc();
  conns.with({"polling"}).dec();
  reqs.with({"/api/me", "200"}).inc();
  CHECK(reg.render() ==
        "# HELP socketio_connections Open Socket.IO sessions\n"
        "# TYPE socketio_connections gauge\n"
        "socketio_connections{transport=\"websocket\"} 5\n"
        "socketio_connections{transport=\"polling\"} 1\n"
        "# HELP rest_total REST calls\n"
        "# TYPE rest_total counter\n"
        "rest_total{route=\"/api/me\",status=\"200\"} 1\n");
}

TEST_CASE("help text and label values are escaped as the format requires") {
  registry reg;
  reg.add_counter("odd_total", "back\\slash\nnewline", {"v"}).with({"a\"b\\c\nd"}).inc();
  CHECK(reg.render() ==
        "# HELP odd_total back\\\\slash\\nnewline\n"
        "# TYPE odd_total counter\n"
        "odd_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST_CASE("invalid names, duplicates and wrong label arity are refused") {
  registry reg;
  CHECK_THROWS_AS(reg.add_counter("1bad", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_counter("bad-name", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_counter("ok_total", "x", {"__reserved"}), std::invalid_argument);
  auto& fam = reg.add_counter("ok_total", "x", {"a"});
  CHECK_THROWS_AS(reg.add_gauge("ok_total", "again"), std::invalid_argument);
  CHECK_THROWS_AS(fam.with({}), std::invalid_argument);
  CHECK_THROWS_AS(fam.with({"1", "2"}), std::invalid_argument);
}

TEST_CASE("collectors refresh sampled gauges before each scrape") {
  registry reg;
  auto& open = reg.add_gauge("http_open_connections", "open").with({});
  int sampled = 0;
  reg.on_collect([&] { open.set(++sampled * 10); });
  CHECK(reg.render().ends_with("http_open_connections 10\n"));
  CHECK(reg.render().ends_with("http_open_connections 20\n"));
}

TEST_CASE("concurrent increments are all counted") {
  registry reg;
  auto& c = reg.add_counter("hits_total", "hits").with({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i)
        c.inc();
    });
  for (auto& t : threads)
    t.join();
  CHECK(c.value() == 40000);
}

TEST_CASE("http metrics: routes collapse to templates, statuses to a fixed set, zeros hidden") {
  CHECK(http_metrics::routes[http_metrics::route_of("/api/rooms/42/messages?before=3")] ==
        "/api/rooms/:id/messages");
  CHECK(http_metrics::routes[http_metrics::route_of("/api/rooms?limit=2")] == "/api/rooms");
  CHECK(http_metrics::routes[http_metrics::route_of("/api/rooms/x/messages")] == "/api/other");
  CHECK(http_metrics::routes[http_metrics::route_of("/api/nope")] == "/api/other");
  CHECK(http_metrics::routes[http_metrics::route_of("/socket.io/?EIO=4&transport=polling")] ==
        "/socket.io");
  CHECK(http_metrics::routes[http_metrics::route_of("/index.html")] == "static");
  CHECK(http_metrics::routes[http_metrics::route_of("/healthz")] == "/healthz");
  CHECK(http_metrics::statuses[http_metrics::status_of(404)] == "404");
  CHECK(http_metrics::statuses[http_metrics::status_of(418)] == "other");

  registry reg;
  http_metrics http{reg};
  http.record("/api/me", 200);
  http.record("/api/me", 200);
  http.record("/api/users/../../etc", 404);
  http.open_connections().inc();
  CHECK(reg.render() ==
        "# HELP http_open_connections HTTP connections currently open (WebSocket included)\n"
        "# TYPE http_open_connections gauge\n"
        "http_open_connections 1\n"
        "# HELP http_requests_total HTTP requests answered, by route and status\n"
        "# TYPE http_requests_total counter\n"
        "http_requests_total{route=\"/api/me\",status=\"200\"} 2\n"
        "http_requests_total{route=\"/api/other\",status=\"404\"} 1\n");
}
