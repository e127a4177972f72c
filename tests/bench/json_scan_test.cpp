// Reading fields out of acks and deliveries without a DOM: nested values, strings with
// escapes and brackets, and text that is not what it should be.
#include <doctest/doctest.h>

#include "bench/load/json_scan.hpp"

namespace json = chat::load::json;

TEST_CASE("members of an ack, whatever the key order") {
  const auto ack = R"({"message":{"id":7,"roomId":2,"body":"k1 s0"},"ok":true})";
  CHECK(json::bool_of(json::member(ack, "ok")) == true);
  auto message = json::member(ack, "message");
  REQUIRE(message);
  CHECK(json::integer_of(json::member(*message, "id")) == 7);
  CHECK(json::string_of(json::member(*message, "body")) == "k1 s0");
  CHECK_FALSE(json::member(ack, "error"));
  CHECK_FALSE(json::member(*message, "ok"));  // top level only
}

TEST_CASE("an error ack's code") {
  const auto ack = R"( { "ok" : false , "error" : { "code" : "rate_limited", "message" : "too many events" } } )";
  CHECK(json::bool_of(json::member(ack, "ok")) == false);
  auto error = json::member(ack, "error");
  REQUIRE(error);
  CHECK(json::string_of(json::member(*error, "code")) == "rate_limited");
}

TEST_CASE("strings with escaped quotes and brackets do not end a value early") {
  const auto text = R"({"body":"he said \"}]\" and left","next":[1,{"a":"]"}],"z":null})";
  CHECK(json::string_of(json::member(text, "body")) == R"(he said \"}]\" and left)");
  CHECK(json::member(text, "next") == R"([1,{"a":"]"}])");
  CHECK(json::member(text, "z") == "null");
  CHECK(json::value_length(text) == std::string_view(text).size());
}

TEST_CASE("elements of an event array") {
  const auto args = R"(["room:new",{"room":{"id":12}}, 3.5 ,"x"])";
  CHECK(json::string_of(json::element(args, 0)) == "room:new");
  CHECK(json::element(args, 1) == R"({"room":{"id":12}})");
  CHECK(json::element(args, 2) == "3.5");
  CHECK_FALSE(json::integer_of(json::element(args, 2)));
  CHECK(json::string_of(json::element(args, 3)) == "x");
  CHECK_FALSE(json::element(args, 4));
  CHECK_FALSE(json::element("[]", 0));
}

TEST_CASE("integers, booleans and strings are told apart") {
  CHECK(json::integer_of(std::string_view("-42")) == -42);
  CHECK_FALSE(json::integer_of(std::string_view("\"42\"")));
  CHECK_FALSE(json::integer_of(std::string_view("1e3")));
  CHECK_FALSE(json::integer_of(std::nullopt));
  CHECK_FALSE(json::bool_of(std::string_view("1")));
  CHECK_FALSE(json::string_of(std::string_view("12")));
  CHECK_FALSE(json::string_of(std::nullopt));
}

TEST_CASE("malformed or truncated text yields nothing, never a wrong value") {
  CHECK_FALSE(json::member(R"({"ok":tr)", "ok") == "true");
  CHECK_FALSE(json::member(R"({"a":"unterminated)", "a"));
  CHECK_FALSE(json::member(R"({"a" 1})", "a"));
  CHECK_FALSE(json::member(R"([1,2])", "a"));
  CHECK_FALSE(json::member("", "a"));
  CHECK_FALSE(json::member(R"({"a":{"b":1)", "a"));  // the value itself is cut off
  // The scan stops at the member it looks for: what follows is not checked.
  CHECK(json::member(R"({"a":{"b":1},"z":)", "a") == R"({"b":1})");
  CHECK_FALSE(json::value_length(""));
  CHECK_FALSE(json::value_length("   "));
  CHECK_FALSE(json::element(R"([1 2])", 1));
}
