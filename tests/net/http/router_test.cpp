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
