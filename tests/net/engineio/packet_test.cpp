// The Engine.IO v4 codec, one packet at a time: type characters, base64, the open packet.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "net/engineio/packet.hpp"

using namespace chat::engineio;

TEST_CASE("every type character decodes to its packet, with its data") {
  CHECK(decode_packet("4hello", false) == packet{packet_type::message, false, "hello"});
  CHECK(decode_packet("2probe", false) == packet{packet_type::ping, false, "probe"});
  CHECK(decode_packet("3", false) == packet{packet_type::pong, false, ""});
  CHECK(decode_packet("1", false)->type == packet_type::close);
  CHECK(decode_packet("5", false)->type == packet_type::upgrade);
  CHECK(decode_packet("6", false)->type == packet_type::noop);
  CHECK(decode_packet("4", false) == packet{packet_type::message, false, ""});
}

TEST_CASE("unknown type characters and empty packets are refused") {
  CHECK_FALSE(decode_packet("", false));
  CHECK_FALSE(decode_packet("abc", true));
  CHECK_FALSE(decode_packet("7x", false));
  CHECK_FALSE(decode_packet("xyz", false));
}

TEST_CASE("b+base64 is a binary message on polling only") {
  auto p = decode_packet("bAAEC", true);
  REQUIRE(p);
  CHECK(p->binary);
  CHECK(p->type == packet_type::message);
  CHECK(p->data == std::string("\x00\x01\x02", 3));
  CHECK_FALSE(decode_packet("bAAEC", false));
  CHECK_FALSE(decode_packet("b!!!!", true));
}

TEST_CASE("base64 round-trips every length and pads with =") {
  std::vector<std::uint8_t> bytes;
  for (int n = 0; n < 8; ++n) {
    auto text = base64_encode(bytes);
    CHECK(text.size() % 4 == 0);
    auto back = base64_decode(text);
    REQUIRE(back);
    CHECK(*back == std::string(bytes.begin(), bytes.end()));
    bytes.push_back(static_cast<std::uint8_t>(250 + n));
  }
  CHECK(base64_encode(std::vector<std::uint8_t>{1, 2, 3, 4}) == "AQIDBA==");
  CHECK(base64_encode(std::vector<std::uint8_t>{0x0a, 0x0b, 0x0c}) == "CgsM");
  CHECK_FALSE(base64_decode("abc"));
  CHECK_FALSE(base64_decode("a=bc"));
}

TEST_CASE("the open packet has exactly the five keys, in the reference order") {
  handshake h{"Zk3v9QpLr2xY0aBcDeFg", {"websocket"}, 300, 200, 1000000};
  CHECK(encode_open(h) ==
        R"(0{"sid":"Zk3v9QpLr2xY0aBcDeFg","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})");
  h.upgrades.clear();
  auto j = nlohmann::json::parse(encode_open(h).substr(1));
  CHECK(j.size() == 5);
  CHECK(j["upgrades"] == nlohmann::json::array());
}

TEST_CASE("outgoing packets encode as the type character plus the shared text") {
  std::string out;
  append_polling(out_packet{packet_type::message, std::make_shared<const std::string>("hi"), nullptr}, out);
  CHECK(out == "4hi");
  out.clear();
  append_polling(out_packet{packet_type::ping, nullptr, nullptr}, out);
  CHECK(out == "2");
  out.clear();
  auto bytes = std::make_shared<const std::vector<std::uint8_t>>(std::vector<std::uint8_t>{0, 1, 2});
  out_packet bin{packet_type::message, nullptr, bytes};
  append_polling(bin, out);
  CHECK(out == "bAAEC");
  CHECK(bin.wire_size() == 3);
}
