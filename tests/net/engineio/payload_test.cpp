// Polling bodies: packets joined by \x1e, both ways; one bad packet spoils the body.
#include <doctest/doctest.h>

#include "net/engineio/packet.hpp"

using namespace chat::engineio;

TEST_CASE("a body of several packets decodes in order") {
  auto packets = decode_payload("4one\x1e" "4two\x1e" "4three");
  REQUIRE(packets);
  REQUIRE(packets->size() == 3);
  CHECK((*packets)[0].data == "one");
  CHECK((*packets)[2].data == "three");
}

TEST_CASE("text and binary mix in one body") {
  auto packets = decode_payload("4hi\x1e" "bAAEC");
  REQUIRE(packets);
  CHECK_FALSE((*packets)[0].binary);
  CHECK((*packets)[1].binary);
  CHECK((*packets)[1].data == std::string("\x00\x01\x02", 3));
}

TEST_CASE("one undecodable packet makes the whole body undecodable") {
  CHECK_FALSE(decode_payload("abc"));
  CHECK_FALSE(decode_payload("4ok\x1e" "xyz"));
  CHECK_FALSE(decode_payload(""));
  CHECK_FALSE(decode_payload("4ok\x1e"));  // no separator at the end
}

TEST_CASE("encoding joins packets with \\x1e and no trailing separator") {
  std::vector<out_packet> packets{
      {packet_type::message, std::make_shared<const std::string>("one"), nullptr},
      {packet_type::ping, nullptr, nullptr},
      {packet_type::message, nullptr, std::make_shared<const std::vector<std::uint8_t>>(std::vector<std::uint8_t>{0xff})},
  };
  CHECK(encode_payload(packets) == "4one\x1e" "2\x1e" "b/w==");
  CHECK(encode_payload({}) == "");
}
