// The client's packet codec, packet by packet: what chatd and the Node.js servers send
// (open, ping, CONNECT, events, acks, errors) and what the client writes.
#include <doctest/doctest.h>

#include <string>

#include "bench/load/packet_codec.hpp"

using namespace chat::load::wire;
using kind = frame::kind;

TEST_CASE("the Engine.IO packets a server sends on a websocket") {
  auto open = decode(R"(0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000})");
  REQUIRE(open);
  CHECK(open->type == kind::open);
  CHECK(open->data.substr(0, 7) == R"({"sid":)");
  CHECK(decode("2")->type == kind::ping);
  CHECK(decode("1")->type == kind::close);
  CHECK(decode("6")->type == kind::noop);
  CHECK(decode("3probe")->type == kind::other);
}

TEST_CASE("namespace CONNECT answers and errors") {
  auto joined = decode(R"(40{"sid":"xyz"})");
  REQUIRE(joined);
  CHECK(joined->type == kind::connect);
  CHECK(joined->nsp == "/");
  CHECK(joined->data == R"({"sid":"xyz"})");
  auto refused = decode(R"(44{"message":"unauthorized"})");
  REQUIRE(refused);
  CHECK(refused->type == kind::connect_error);
  CHECK(refused->data == R"({"message":"unauthorized"})");
  CHECK(decode("41")->type == kind::disconnect);
}

TEST_CASE("an event, with and without an ack id, and in a namespace") {
  auto plain = decode(R"(42["message:new",{"message":{"id":1}}])");
  REQUIRE(plain);
  CHECK(plain->type == kind::event);
  CHECK_FALSE(plain->ack_id);
  auto event = split_event(plain->data);
  REQUIRE(event);
  CHECK(event->name == "message:new");
  CHECK(event->arg == R"({"message":{"id":1}})");

  auto with_id = decode(R"(4217["typing",{"roomId":3}])");
  REQUIRE(with_id);
  CHECK(with_id->ack_id == 17u);
  CHECK(split_event(with_id->data)->name == "typing");

  auto nsp = decode(R"(42/admin,5["x",1])");
  REQUIRE(nsp);
  CHECK(nsp->nsp == "/admin");
  CHECK(nsp->ack_id == 5u);
  CHECK(nsp->data == R"(["x",1])");
}

TEST_CASE("an event without an argument has an empty one") {
  auto event = split_event(R"(["ping"])");
  REQUIRE(event);
  CHECK(event->name == "ping");
  CHECK(event->arg.empty());
}

TEST_CASE("acks carry their id and the argument array") {
  auto ack = decode(R"(43123[{"ok":true,"message":{"seq":4}}])");
  REQUIRE(ack);
  CHECK(ack->type == kind::ack);
  CHECK(ack->ack_id == 123u);
  CHECK(ack->data == R"([{"ok":true,"message":{"seq":4}}])");
  CHECK_FALSE(decode(R"(43[{"ok":true}])"));  // an ack needs an id
}

TEST_CASE("what is not a packet is refused") {
  CHECK_FALSE(decode(""));
  CHECK_FALSE(decode("9"));
  CHECK_FALSE(decode("x42"));
  CHECK_FALSE(decode("4"));        // a message with no Socket.IO packet
  CHECK_FALSE(decode("47[]"));     // no Socket.IO type 7
  CHECK_FALSE(decode("42/admin")); // namespace without its comma
  CHECK_FALSE(decode("4299999999999999999999[]"));  // ack id overflows
  CHECK_FALSE(split_event(R"([17,"x"])"));  // the event name must be a string
  CHECK_FALSE(split_event("not json"));
}

TEST_CASE("the client writes CONNECT with its auth object and events with ack ids") {
  CHECK(encode_connect(R"({"token":"t0k"})") == R"(40{"token":"t0k"})");
  std::string out;
  encode_event(out, "message:send", R"({"roomId":1,"body":"hi"})", 0);
  CHECK(out == R"(420["message:send",{"roomId":1,"body":"hi"}])");
  out.clear();
  encode_event(out, "room:direct", R"({"userId":2})", 4711);
  CHECK(out == R"(424711["room:direct",{"userId":2}])");
  out.clear();
  encode_event(out, "typing", "{}", std::nullopt);
  CHECK(out == R"(42["typing",{}])");
  CHECK(pong == "3");
}

TEST_CASE("what the client encodes, it decodes back") {
  std::string out;
  encode_event(out, "message:send", R"({"body":"a \"quoted\" ] bracket"})", 9);
  auto back = decode(out);
  REQUIRE(back);
  CHECK(back->ack_id == 9u);
  auto event = split_event(back->data);
  REQUIRE(event);
  CHECK(event->name == "message:send");
  CHECK(event->arg == R"({"body":"a \"quoted\" ] bracket"})");
}
