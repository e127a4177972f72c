// A responder answers once; a connection that ends first tells the handler through on_abort.
#include <doctest/doctest.h>

#include "net/http/handler.hpp"

using chat::http::responder;
using chat::http::response;

TEST_CASE("a responder delivers the first answer only") {
  int calls = 0;
  responder r([&](response) { ++calls; });
  auto copy = r;
  CHECK(r.pending());
  r.send(response{});
  copy.send(response{});
  CHECK(calls == 1);
  CHECK_FALSE(copy.pending());
}

TEST_CASE("an aborted connection runs on_abort once and swallows later answers") {
  int sent = 0, aborted = 0;
  responder r([&](response) { ++sent; });
  r.on_abort([&] { ++aborted; });
  r.abort();
  r.abort();
  r.send(response{});
  CHECK(sent == 0);
  CHECK(aborted == 1);
  // Registering after the fact still tells the handler.
  r.on_abort([&] { ++aborted; });
  CHECK(aborted == 2);
}

TEST_CASE("an answered request is never reported as aborted") {
  int aborted = 0;
  responder r([](response) {});
  r.on_abort([&] { ++aborted; });
  r.send(response{});
  r.abort();
  CHECK(aborted == 0);
}
