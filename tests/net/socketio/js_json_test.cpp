// JSON read as JavaScript's JSON.parse reads it: the same values as nlohmann where nlohmann
// accepts the text, and the texts JSON.parse accepts beyond that (1e400, lone surrogates) kept
// in a form no field reader takes.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "net/socketio/js_json.hpp"
#include "net/socketio/packet.hpp"

using namespace chat::socketio;

namespace {

json parsed(std::string_view text) {
  auto v = parse_js_json(text, max_json_depth);
  INFO("parsing ", text);
  REQUIRE(v);
  return *v;
}

bool refused(std::string_view text) { return !parse_js_json(text, max_json_depth); }

}  // namespace

TEST_CASE("what nlohmann reads, it reads to the same value and type") {
  for (const char* text :
       {"0", "-0", "7", "-7", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "1.5", "-2.5e-3", "1E+2", "1e-400", "true", "false", "null", "\"\"",
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0000\\u00e9\\u20AC\"", "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"",
        "\"\\ud83d\\ude00\"", " [ 1 , [ ] , { } , {\"a\" : [null]} ] ", "{\"z\":1,\"a\":2,\"z\":3}",
        "[\"m\",{\"k\":[1,2,{\"x\":\"y\"}]}]"}) {
    CAPTURE(text);
    const auto ours = parsed(text);
    const auto theirs = json::parse(text);
    CHECK(ours == theirs);
    CHECK(ours.type() == theirs.type());
    CHECK(ours.dump() == theirs.dump());
  }
}

TEST_CASE("a number past double range is infinity, as in JavaScript; our encoder writes null") {
  CHECK(parsed("1e400").get<double>() == std::numeric_limits<double>::infinity());
  CHECK(parsed("-1e400").get<double>() == -std::numeric_limits<double>::infinity());
  CHECK(parsed("123456789e999").is_number_float());
  CHECK(parsed("1e-400").get<double>() == 0.0);  // below it: zero, as in JavaScript
  packet p;
  REQUIRE_FALSE(decode_packet("2[\"m\",1e400,{\"roomId\":-1e400}]", p));
  CHECK(encode_packet(p).text == "2[\"m\",null,{\"roomId\":null}]");  // JSON.stringify(Infinity)
}

TEST_CASE("a lone surrogate escape becomes WTF-8, which is not UTF-8") {
  CHECK(parsed("\"\\ud800\"").get<std::string>() == "\xED\xA0\x80");
  CHECK(parsed("\"\\uDFFF\"").get<std::string>() == "\xED\xBF\xBF");
  CHECK(parsed("\"\\ud800A\"").get<std::string>() == "\xED\xA0\x80" "A");
  CHECK(parsed("\"\\ud800\\u0041\"").get<std::string>() == "\xED\xA0\x80" "A");
  // A high surrogate followed by a valid pair: the first is lone, the pair is one code point.
  CHECK(parsed("\"\\ud800\\ud800\\udc00\"").get<std::string>() == "\xED\xA0\x80" "\xF0\x90\x80\x80");
  CHECK(parsed("\"\\udc00\\ud800\"").get<std::string>() == "\xED\xB0\x80" "\xED\xA0\x80");
  CHECK(parsed("{\"\\ud800\":1}").begin().key() == "\xED\xA0\x80");
  packet p;
  CHECK_FALSE(decode_packet("2[\"m\",{\"body\":\"\\ud800\"}]", p));  // the session stays up
  CHECK_NOTHROW(encode_packet(p));  // and the text can still be written (replaced)
}

TEST_CASE("what JSON.parse refuses is refused") {
  for (const char* text :
       {"", " ", "01", "-", "1.", ".5", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity",
        "tru", "nul", "[1,]", "[,1]", "{\"a\":1,}", "{a:1}", "{'a':1}", "\"abc", "\"\\x\"", "\"\\u12\"",
        "\"\\u12G4\"", "\"tab\there\"", "\"line\nbreak\"", "[1] x", "[1][2]", "{\"a\" 1}", "[\"a\":1]",
        "\"\xFF\"", "\"\xC3\"", "\"\xED\xA0\x80\"", "\v1", "\xC2\xA0" "1"}) {
    CAPTURE(text);
    CHECK(refused(text));
  }
}

TEST_CASE("a NUL byte ends nothing: what follows it is refused, as JSON.parse does") {
  // nlohmann's lexer takes NUL for the end of input and accepts "[1]\0junk" as [1]; found by
  // the js_json fuzz target (tests/fuzz/corpus/js_json/nul-ends-nothing).
  CHECK(refused(std::string_view("[1]\0junk", 8)));
  CHECK(refused(std::string_view("184467\0\0\0" "44", 11)));
  CHECK(refused(std::string_view("\"a\0b\"", 5)));  // a raw control byte in a string
  CHECK(parsed("\"a\\u0000b\"").get<std::string>() == std::string("a\0b", 3));
}

TEST_CASE("nesting deeper than the bound is refused, one level less is read") {
  const std::size_t depth = 5;
  CHECK(parse_js_json(std::string(depth, '[') + std::string(depth, ']'), depth));
  CHECK_FALSE(parse_js_json(std::string(depth + 1, '[') + std::string(depth + 1, ']'), depth));
  CHECK_FALSE(parse_js_json("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}", depth));
}
