// The Socket.IO Redis adapter's format, byte for byte: the expected bytes were produced once by
// notepack.io 3.0.1 (the adapter's codec, tests/e2e/node_modules) for the same JavaScript values.
#include <doctest/doctest.h>

#include "cluster/adapter_codec.hpp"

using namespace chat::cluster;

namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string{hex.substr(i, 2)}, nullptr, 16)));
  return out;
}

std::string to_hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// ['Ab3dE6', {type: 2, data: ['message:new', {message: {...}}], nsp: '/'},
//  {rooms: ['room:5'], except: [], flags: {}}]
const char* message_new_hex =
  "93a641623364453683a47479706502a46461746192ab6d6573736167653a6e657781a76d65737361676588a2"
  "696407a6726f6f6d496405a3736571cd012ca873656e646572496403a4626f6479a5686920c3a9a8706172656e"
  "744964c0ab636c69656e744d73674964a26331a9637265617465644174b8323032342d30352d30315431303a30"
  "303a30302e3030305aa36e7370a12f83a5726f6f6d7391a6726f6f6d3a35a665786365707490a5666c61677380";

// The same with ['typing', {roomId: 5, userId: 3, typing: true}] and except ['user:3'].
const char* typing_hex =
  "93a641623364453683a47479706502a46461746192a6747970696e6783a6726f6f6d496405a675736572496403"
  "a6747970696e67c3a36e7370a12f83a5726f6f6d7391a6726f6f6d3a35a665786365707491a6757365723a33a5"
  "666c61677380";

json message_new_event() {
  return json::parse(R"(["message:new", {"message": {"id": 7, "roomId": 5, "seq": 300, "senderId": 3,
    "body": "hi \u00e9", "parentId": null, "clientMsgId": "c1", "createdAt": "2024-05-01T10:00:00.000Z"}}])");
}

}  // namespace

TEST_SUITE("adapter_codec") {
  TEST_CASE("a room's message:new is what notepack.io writes for the adapter, on the room's channel") {
    broadcast b{"Ab3dE6", message_new_event(), {"room:5"}, {}};
    CHECK(to_hex(encode(b)) == message_new_hex);
    CHECK(channel_of(b) == "socket.io#/#room:5#");
  }

  TEST_CASE("typing skips the typist's sockets: except [user:<id>]") {
    broadcast b{"Ab3dE6", json::parse(R"(["typing", {"roomId": 5, "userId": 3, "typing": true}])"),
                {"room:5"}, {"user:3"}};
    CHECK(to_hex(encode(b)) == typing_hex);
  }

  TEST_CASE("several rooms or none go on the namespace's channel") {
    CHECK(channel_of(broadcast{"u", json::array({"x"}), {"room:1", "room:2"}, {}}) == "socket.io#/#");
    CHECK(channel_of(broadcast{"u", json::array({"x"}), {}, {}}) == "socket.io#/#");
  }

  TEST_CASE("notepack's bytes decode to the same broadcast, payload key order kept") {
    auto b = decode(from_hex(message_new_hex));
    CHECK(b.uid == "Ab3dE6");
    CHECK(b.rooms == std::vector<std::string>{"room:5"});
    CHECK(b.except.empty());
    CHECK(b.data == message_new_event());
    CHECK(b.data.dump() == message_new_event().dump());
    auto t = decode(from_hex(typing_hex));
    CHECK(t.except == std::vector<std::string>{"user:3"});
  }

  TEST_CASE("numbers, strings and maps as notepack writes the JavaScript values") {
    // [0, 127, 128, 255, 256, 65535, 65536, 2^32-1, 2^32, -1, -32, -33, -128, -129, -32768,
    //  -32769, -2^31, -2^31-1, 1.5, -0.25, 2^53-1, true, false, null, 'x'*31, 'y'*32, {b:1, a:[]}]
    const char* hex =
      "dc001b007fcc80ccffcd0100cdffffce00010000ceffffffffcf0000000100000000ffe0d0dfd080d1ff7fd180"
      "00d2ffff7fffd280000000d3ffffffff7fffffffcb3ff8000000000000cbbfd0000000000000cf001fffffffff"
      "ffffc3c2c0bf78787878787878787878787878787878787878787878787878787878787878d920797979797979"
      "797979797979797979797979797979797979797979797979797982a16201a16190";
    auto values = json::parse(R"([0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -1, -32,
      -33, -128, -129, -32768, -32769, -2147483648, -2147483649, 1.5, -0.25, 9007199254740991,
      true, false, null])");
    values.push_back(std::string(31, 'x'));
    values.push_back(std::string(32, 'y'));
    values.push_back(json::parse(R"({"b": 1, "a": []})"));
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk{buf};
    pack_json(pk, values);
    CHECK(to_hex(std::string{buf.data(), buf.size()}) == hex);
    auto handle = unpack(from_hex(hex));
    CHECK(to_json(handle.get()) == values);
  }

  TEST_CASE("an integral float is an integer, as in JavaScript") {
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk{buf};
    pack_json(pk, json::parse("[2.0, -3.0]"));
    CHECK(to_hex(std::string{buf.data(), buf.size()}) == "9202fd");
  }

  TEST_CASE("undefined (fixext 1, type 0) is an absent key, and null in an array") {
    // [undefined, {a: undefined, b: 1}] as msgpack with notepack's undefined extension.
    auto handle = unpack(from_hex("92d4000082a161d40000a16201"));
    CHECK(to_json(handle.get()) == json::parse(R"([null, {"b": 1}])"));
  }

  TEST_CASE("what chatd cannot deliver is refused with a reason") {
    CHECK_THROWS_AS(decode("not msgpack at all \xc1"), codec_error);
    CHECK_THROWS_AS(decode(from_hex("93a17583a474797065030000")), codec_error);
    // binary data: ['u', {type: 2, data: ['e', <Buffer 01>], nsp: '/'}, {}]
    CHECK_THROWS_WITH_AS(decode(from_hex("93a17583a474797065" "02a46461746192a165c40101a36e7370a12f80")),
                         "binary data is not relayed", codec_error);
    // another namespace
    CHECK_THROWS_WITH_AS(decode(from_hex("93a17583a474797065" "02a46461746191a165a36e7370a42f6d7367" "80")),
                         "not namespace /", codec_error);
    // a packet that is not an EVENT (type 3: ACK)
    CHECK_THROWS_WITH_AS(decode(from_hex("93a17582a47479706503a46461746191a16580")), "not an EVENT packet",
                         codec_error);
    // an event without a name
    CHECK_THROWS_WITH_AS(decode(from_hex("93a17582a47479706502a46461746191" "0180")), "an event without a name",
                         codec_error);
    // nested past the bound
    std::string deep(200, '\x91');
    deep += '\xc0';
    CHECK_THROWS_AS(decode(deep), codec_error);
  }
}
