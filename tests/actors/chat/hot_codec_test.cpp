// The hot path's DOM-free encoding (message_json_text, message_new_frame, answer_message) writes
// byte for byte what the DOM path writes (message_json, make_frame, answer + encode_packet), on
// chosen edge cases and on thousands of random messages, valid UTF-8 or not.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "actors/chat/socket_bridge.hpp"
#include "messages/wire_json.hpp"
#include "net/socketio/packet.hpp"

using namespace chat;

namespace {

std::string dom_text(const message_info& m) {
  return message_json(m).dump(-1, ' ', false, json::error_handler_t::replace);
}

void check_same(const message_info& m) {
  const auto text = message_json_text(m);
  REQUIRE(text == dom_text(m));
  CHECK(*message_new_frame(text) == *make_frame("message:new", json{{"message", message_json(m)}}));
  // The ack, {ok: true, message}, as the client receives it either way.
  std::string via_dom, via_text;
  ack_fn dom_ack = [&](ack_args a) {
    via_dom = socketio::encode_packet({socketio::packet_type::ack, "/", 42, static_cast<json>(a)}).text;
  };
  ack_fn text_ack = [&](ack_args a) {
    REQUIRE_FALSE(a.text.empty());
    via_text = socketio::encode_ack_text("/", 42, a.text);
  };
  answer(dom_ack, json{{"ok", true}, {"message", message_json(m)}});
  answer_message(text_ack, text);
  CHECK(via_text == via_dom);
}

message_info sample() {
  message_info m;
  m.id = 1234567;
  m.room_id = 42;
  m.seq = 9;
  m.sender_id = 3;
  m.body = "hello bob";
  m.client_msg_id = "c-1";
  m.created_at = "2026-12-02T18:00:00.123Z";
  return m;
}

}  // namespace

TEST_SUITE("hot_codec") {

TEST_CASE("a plain message encodes as the DOM does, with and without parent and clientMsgId") {
  auto m = sample();
  check_same(m);
  m.parent_id = 77;
  check_same(m);
  m.client_msg_id.clear();
  check_same(m);
  m.id = 9007199254740993;  // past 2^53: still printed whole
  check_same(m);
}

TEST_CASE("quotes, backslashes, control characters, DEL, UTF-8 and invalid bytes escape alike") {
  for (std::string body : {std::string{}, std::string{"\"quoted\""}, std::string{"back\\slash"},
                           std::string{"line\nbreak\ttab\r\b\f"}, std::string{"\x01\x1f\x7f"},
                           std::string{"h\xc3\xa9llo \xf0\x9f\x98\x80"}, std::string{"bad \xff\xfe byte"},
                           std::string{"cut \xe2\x82"}, std::string{"</script><b>x</b>"},
                           std::string("nul\0inside", 10)}) {
    auto m = sample();
    m.body = body;
    m.client_msg_id = body;
    INFO("body: ", body);
    check_same(m);
  }
}

TEST_CASE("thousands of random messages encode as the DOM does") {
  std::mt19937_64 rng{20261202};
  std::uniform_int_distribution<int> byte{0, 255}, ascii{0x20, 0x7e}, len{0, 80}, kind{0, 3};
  for (int i = 0; i < 5000; ++i) {
    auto m = sample();
    m.id = static_cast<chat::id_t>(rng() >> 11);  // ids up to 2^53, as JavaScript reads them
    m.seq = static_cast<std::int64_t>(rng() % 100000);
    m.parent_id = kind(rng) == 0 ? 0 : static_cast<chat::id_t>(rng() % 1000000);
    const bool binary = kind(rng) == 0;
    auto random_text = [&] {
      std::string s;
      for (int n = len(rng); n > 0; --n)
        s += static_cast<char>(binary ? byte(rng) : ascii(rng));
      return s;
    };
    m.body = random_text();
    m.client_msg_id = kind(rng) == 0 ? std::string{} : random_text();
    INFO("message ", i);
    check_same(m);
  }
}

}  // TEST_SUITE
