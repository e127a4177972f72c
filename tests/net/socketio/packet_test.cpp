// The Socket.IO packet codec, packet by packet: every table row of the conformance spec §4
// and every client error of §4.5.
#include <doctest/doctest.h>

#include "net/socketio/packet.hpp"

using namespace chat::socketio;

namespace {

packet decode_ok(std::string_view text) {
  packet p;
  const auto ec = decode_packet(text, p);
  INFO("decoding ", text, ": ", ec.message());
  REQUIRE_FALSE(ec);
  return p;
}

std::error_code decode_err(std::string_view text) {
  packet p;
  return decode_packet(text, p);
}

json bin(std::vector<std::uint8_t> bytes) { return json::binary(std::move(bytes)); }

std::string echo(std::string_view text) {  // decode then encode: the echo server's path
  auto p = decode_ok(text);
  return encode_packet(p).text;
}

}  // namespace

TEST_CASE("a client CONNECT to / or /custom, with or without comma and auth") {
  auto p = decode_ok("0");
  CHECK(p.type == packet_type::connect);
  CHECK(p.nsp == "/");
  CHECK_FALSE(p.data);

  p = decode_ok("0{\"user\":\"u1\",\"n\":2}");
  CHECK(p.nsp == "/");
  REQUIRE(p.data);
  CHECK(p.data->dump() == "{\"user\":\"u1\",\"n\":2}");

  CHECK(decode_ok("0/custom,").nsp == "/custom");
  CHECK(decode_ok("0/custom").nsp == "/custom");
  p = decode_ok("0/custom,{\"k\":\"v\"}");
  CHECK(p.nsp == "/custom");
  CHECK(p.data->dump() == "{\"k\":\"v\"}");
}

TEST_CASE("the server's CONNECT, CONNECT_ERROR and auth answers encode like the reference") {
  CHECK(encode_packet({packet_type::connect, "/", {}, json{{"sid", "abc"}}}).text == "0{\"sid\":\"abc\"}");
  CHECK(encode_packet({packet_type::connect, "/custom", {}, json{{"sid", "abc"}}}).text ==
        "0/custom,{\"sid\":\"abc\"}");
  CHECK(encode_packet({packet_type::connect_error, "/other", {}, json{{"message", "Invalid namespace"}}}).text ==
        "4/other,{\"message\":\"Invalid namespace\"}");
  CHECK(encode_packet({packet_type::disconnect, "/custom", {}, {}}).text == "1/custom,");
  CHECK(encode_packet({packet_type::disconnect, "/", {}, {}}).text == "1");

  const auto auth = decode_ok("0{\"user\":\"u1\",\"n\":2}").data;
  CHECK(encode_event("/", json::array({"auth", *auth})) == "2[\"auth\",{\"user\":\"u1\",\"n\":2}]");
  CHECK(encode_event("/custom", json::array({"auth", json::object()})) == "2/custom,[\"auth\",{}]");
}

TEST_CASE("DISCONNECT from the client, on / and on /custom") {
  CHECK(decode_ok("1").type == packet_type::disconnect);
  CHECK(decode_ok("1/custom").nsp == "/custom");
  CHECK(decode_ok("1/custom,").nsp == "/custom");
}

TEST_CASE("a plain EVENT comes back byte for byte as message-back") {
  auto p = decode_ok("2[\"message\",7,\"x\",{\"k\":[null]}]");
  CHECK(p.type == packet_type::event);
  CHECK_FALSE(p.id);
  (*p.data)[0] = "message-back";
  CHECK(encode_packet(p).text == "2[\"message-back\",7,\"x\",{\"k\":[null]}]");
}

TEST_CASE("a BINARY_EVENT is decoded, reassembled and re-encoded with its attachments") {
  auto p = decode_ok("51-[\"message\",{\"_placeholder\":true,\"num\":0}]");
  CHECK(p.type == packet_type::binary_event);
  CHECK(p.attachments == 1);
  std::vector<std::vector<std::uint8_t>> bins{{0xFF}};
  REQUIRE_FALSE(attach_binaries(*p.data, bins));
  CHECK((*p.data)[1] == bin({0xFF}));

  (*p.data)[0] = "message-back";
  const auto out = encode_packet(p);
  CHECK(out.text == "51-[\"message-back\",{\"_placeholder\":true,\"num\":0}]");
  REQUIRE(out.attachments.size() == 1);
  CHECK(*out.attachments[0] == std::vector<std::uint8_t>{0xFF});
}

TEST_CASE("ack requests answer with the same id, plain and binary with 2 attachments") {
  auto p = decode_ok("231[\"message-with-ack\",true,{\"z\":0}]");
  REQUIRE(p.id);
  CHECK(*p.id == 31);
  json args = *p.data;
  args.erase(args.begin());
  CHECK(encode_packet({packet_type::ack, "/", p.id, args}).text == "331[true,{\"z\":0}]");

  p = decode_ok("52-77[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
  CHECK(p.attachments == 2);
  CHECK(*p.id == 77);
  std::vector<std::vector<std::uint8_t>> bins{{0x01}, {0x02, 0x03}};
  REQUIRE_FALSE(attach_binaries(*p.data, bins));
  args = *p.data;
  args.erase(args.begin());
  const auto out = encode_packet({packet_type::ack, "/", p.id, args});
  CHECK(out.text == "62-77[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
  REQUIRE(out.attachments.size() == 2);
  CHECK(*out.attachments[0] == std::vector<std::uint8_t>{0x01});
  CHECK(*out.attachments[1] == std::vector<std::uint8_t>{0x02, 0x03});
}

TEST_CASE("placeholders are numbered depth-first in array order, nested in objects") {
  json data = json::array({"e", json{{"a", bin({1})}, {"b", json::array({bin({2}), bin({3})})}}, bin({4})});
  const auto out = encode_packet({packet_type::event, "/chat", 5, data});
  CHECK(out.text ==
        "54-/chat,5[\"e\",{\"a\":{\"_placeholder\":true,\"num\":0},\"b\":[{\"_placeholder\":true,\"num\":1},"
        "{\"_placeholder\":true,\"num\":2}]},{\"_placeholder\":true,\"num\":3}]");
  REQUIRE(out.attachments.size() == 4);
  CHECK(*out.attachments[3] == std::vector<std::uint8_t>{4});
}

TEST_CASE("JSON output is what JSON.stringify writes") {
  CHECK(echo("2[\"m\",1.0,-0.0,2.5,1e2,-3]") == "2[\"m\",1,0,2.5,100,-3]");
  CHECK(echo("2[\"m\",{\"z\":1,\"a\":2,\"m\":3}]") == "2[\"m\",{\"z\":1,\"a\":2,\"m\":3}]");
  CHECK(echo("2[\"m\",\"caf\xC3\xA9 \xF0\x9F\x98\x80\",\"q\\\"b\\\\n\\n\\u0001\\u00e9\"]") ==
        "2[\"m\",\"caf\xC3\xA9 \xF0\x9F\x98\x80\",\"q\\\"b\\\\n\\n\\u0001\xC3\xA9\"]");
  CHECK(echo("2[\"m\", 1 ,\t{ \"a\" : [ ] } ]") == "2[\"m\",1,{\"a\":[]}]");
  // Invalid UTF-8 handed to the encoder by the application is replaced, never thrown.
  CHECK_NOTHROW(encode_event("/", json::array({"m", std::string("\xFF\xFE")})));
  CHECK(encode_event("/", json::array({"m", bin({1})})) == "2[\"m\",null]");
}

TEST_CASE("client packets that close the connection (spec 4.5)") {
  CHECK(decode_err("") == errc::empty_packet);
  CHECK(decode_err("x") == errc::unknown_type);
  CHECK(decode_err("7") == errc::unknown_type);
  CHECK(decode_err("x[\"message\"]") == errc::unknown_type);
  CHECK(decode_err("2{}") == errc::invalid_payload);
  CHECK(decode_err("2[]") == errc::invalid_payload);
  CHECK(decode_err("2") == errc::invalid_payload);
  CHECK(decode_err("2[1,2]") == errc::invalid_payload);
  CHECK(decode_err("2xyz[\"message-with-ack\",1]") == errc::invalid_json);
  CHECK(decode_err("2[\"message\"") == errc::invalid_json);
  CHECK(decode_err("2[\"m\",\"\xFF\"]") == errc::invalid_json);
  for (auto name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
    CHECK(decode_err("2[\"" + std::string(name) + "\"]") == errc::reserved_event);
  CHECK(decode_err("0[]") == errc::invalid_payload);
  CHECK(decode_err("0\"tok\"") == errc::invalid_payload);
  CHECK(decode_err("1{}") == errc::invalid_payload);
  CHECK(decode_err("3{}") == errc::invalid_payload);
  CHECK(decode_err("4") == errc::invalid_payload);
  CHECK(decode_err("5[\"m\"]") == errc::bad_attachments);
  CHECK(decode_err("5x-[\"m\"]") == errc::bad_attachments);
  CHECK(decode_err("50-[\"m\"]") == errc::bad_attachments);
  CHECK(decode_err("5-[\"m\"]") == errc::bad_attachments);
  CHECK(decode_err("6999-[1]") == errc::bad_attachments);
  CHECK(decode_err("2123456789012345678901[\"m\"]") == errc::bad_ack_id);
  CHECK(decode_err("2[\"m\"," + std::string(200, '[') + std::string(200, ']') + "]") == errc::too_deep);
}

TEST_CASE("placeholders that point at no attachment are refused") {
  auto p = decode_ok("51-[\"m\",{\"_placeholder\":true,\"num\":1}]");
  std::vector<std::vector<std::uint8_t>> one{{1}};
  CHECK(attach_binaries(*p.data, one) == errc::bad_placeholder);
  p = decode_ok("51-[\"m\",{\"_placeholder\":true,\"num\":\"0\"}]");
  CHECK(attach_binaries(*p.data, one) == errc::bad_placeholder);
  p = decode_ok("51-[\"m\",{\"_placeholder\":false,\"num\":0},{\"_placeholder\":true,\"num\":0}]");
  CHECK_FALSE(attach_binaries(*p.data, one));  // the first is no placeholder, kept as an object
  CHECK((*p.data)[1].is_object());
}

TEST_CASE("placeholders name each attachment exactly once, checked before any attachment arrives") {
  const auto data = [](std::string_view text) { return *decode_ok(text).data; };
  CHECK_FALSE(check_placeholders(data("52-[\"m\",{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]"), 2));
  CHECK(check_placeholders(data("52-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]"), 2) ==
        errc::bad_placeholder);  // reused: would be copied once per use
  CHECK(check_placeholders(data("52-[\"m\",{\"_placeholder\":true,\"num\":0}]"), 2) == errc::bad_placeholder);
  CHECK(check_placeholders(data("51-[\"m\",{\"x\":{\"_placeholder\":true,\"num\":-1}}]"), 1) == errc::bad_placeholder);

  auto p = decode_ok("52-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]");
  std::vector<std::vector<std::uint8_t>> two{{1}, {2}};
  CHECK(attach_binaries(*p.data, two) == errc::bad_placeholder);
  p = decode_ok("52-[\"m\",{\"k\":{\"_placeholder\":true,\"num\":1}},{\"_placeholder\":true,\"num\":0}]");
  two = {{1}, {2}};
  REQUIRE_FALSE(attach_binaries(*p.data, two));
  CHECK((*p.data)[1]["k"] == bin({2}));
  CHECK((*p.data)[2] == bin({1}));
}

TEST_CASE("other namespaces keep everything that follows the comma") {
  auto p = decode_ok("2/chat,12[\"m\"]");
  CHECK(p.nsp == "/chat");
  CHECK(*p.id == 12);
  CHECK(encode_packet(p).text == "2/chat,12[\"m\"]");
  CHECK(echo("4/x,{\"message\":\"no\"}") == "4/x,{\"message\":\"no\"}");
}
