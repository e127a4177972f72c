// The router picks the longest mounted prefix that matches whole path segments.
#include <doctest/doctest.h>

#include "net/http/router.hpp"

using chat::http::router;

namespace {
struct dummy : chat::http::handler {
  void handle(chat::http::request, chat::http::responder) override {}
};
}  // namespace

TEST_CASE("a prefix serves itself, what is below it and its query, not a longer name") {
  CHECK(router::matches("/api", "/api"));
  CHECK(router::matches("/api", "/api/me"));
  CHECK(router::matches("/api", "/api?x=1"));
  CHECK_FALSE(router::matches("/api", "/apix"));
  CHECK(router::matches("/socket.io/", "/socket.io/?EIO=4&transport=polling"));
  CHECK_FALSE(router::matches("/socket.io/", "/socket.io"));
  CHECK(router::matches("/", "/anything"));
}

TEST_CASE("the longest prefix wins, whatever the order of mounting") {
  router r;
  auto root = std::make_shared<dummy>();
  auto api = std::make_shared<dummy>();
  auto auth = std::make_shared<dummy>();
  r.mount("/api/auth", auth);
  r.mount("/", root);
  r.mount("/api", api);
  CHECK(r.find("/api/auth/login") == auth);
  CHECK(r.find("/api/rooms") == api);
  CHECK(r.find("/index.html") == root);
}

TEST_CASE("nothing mounted finds nothing; mounting a prefix again replaces it") {
  router r;
  CHECK(r.find("/x") == nullptr);
  auto a = std::make_shared<dummy>();
  auto b = std::make_shared<dummy>();
  r.mount("/x", a);
  r.mount("/x", b);
  CHECK(r.find("/x") == b);
}

TEST_CASE("chatd's mounts: the web client at / serves only what no longer prefix claims") {
  router r;
  auto web = std::make_shared<dummy>();
  auto engine = std::make_shared<dummy>();
  auto rest = std::make_shared<dummy>();
  r.mount("/", web);  // mounted last in main.cpp; order must not matter
  r.mount("/socket.io/", engine);
  r.mount("/api", rest);
  r.mount("/healthz", rest);
  r.mount("/metrics", rest);
  CHECK(r.find("/socket.io/?EIO=4&transport=polling") == engine);
  CHECK(r.find("/api/rooms?limit=5") == rest);
  CHECK(r.find("/healthz") == rest);
  CHECK(r.find("/metrics") == rest);
  CHECK(r.find("/") == web);
  CHECK(r.find("/js/chat.js") == web);
  CHECK(r.find("/vendor/socket.io.esm.min.js") == web);
  CHECK(r.find("/apix") == web);         // not /api: a whole segment must match
  CHECK(r.find("/socket.io") == web);    // the Engine.IO path needs its slash
  CHECK(r.find("/metrics.html") == web);
}
