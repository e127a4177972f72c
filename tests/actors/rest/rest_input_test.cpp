// What the REST API accepts and refuses, before any actor or database is involved.
#include <doctest/doctest.h>

#include <string>

#include "actors/rest/input.hpp"

using namespace chat;
using namespace chat::rest;

namespace {

chat_errc code_of(auto fn) {
  try {
    fn();
  } catch (const chat_error& e) {
    return e.code();
  }
  return chat_errc::internal;  // "nothing thrown" for these tests
}

}  // namespace

TEST_CASE("a body must be one JSON object") {
  CHECK(parse_object(R"({"username":"alice"})")["username"] == "alice");
  CHECK(code_of([] { parse_object(R"({"username":)"); }) == chat_errc::bad_request);
  CHECK(code_of([] { parse_object(""); }) == chat_errc::bad_request);
  CHECK(code_of([] { parse_object("[1,2]"); }) == chat_errc::bad_request);
  CHECK(code_of([] { parse_object(R"("alice")"); }) == chat_errc::bad_request);
  CHECK(code_of([] { parse_object("{\"u\":\"\xff\"}"); }) == chat_errc::bad_request);
}

TEST_CASE("fields must be present and strings") {
  auto body = parse_object(R"({"username":42,"password":"pw"})");
  CHECK(string_field(body, "password") == "pw");
  CHECK(code_of([&] { string_field(body, "username"); }) == chat_errc::bad_request);
  CHECK(code_of([&] { string_field(body, "missing"); }) == chat_errc::bad_request);
}

TEST_CASE("usernames: 1..64 characters, no control characters, no outer spaces") {
  CHECK(code_of([] { check_username("alice"); }) == chat_errc::internal);
  CHECK(code_of([] { check_username("Zoë 小明"); }) == chat_errc::internal);
  CHECK(code_of([] { check_username(std::string(64, 'a')); }) == chat_errc::internal);
  // 64 two-byte characters are 64 characters, not 128
  std::string umlauts;
  for (int i = 0; i < 64; ++i)
    umlauts += "ä";
  CHECK(code_of([&] { check_username(umlauts); }) == chat_errc::internal);
  CHECK(code_of([] { check_username(""); }) == chat_errc::bad_request);
  CHECK(code_of([] { check_username(std::string(65, 'a')); }) == chat_errc::bad_request);
  CHECK(code_of([] { check_username("tab\there"); }) == chat_errc::bad_request);
  CHECK(code_of([] { check_username("c1\xC2\x85"); }) == chat_errc::bad_request);
  CHECK(code_of([] { check_username(" alice"); }) == chat_errc::bad_request);
  CHECK(code_of([] { check_username("alice "); }) == chat_errc::bad_request);
}

TEST_CASE("passwords: 1..1024 characters") {
  CHECK(code_of([] { check_password("correct horse battery staple"); }) == chat_errc::internal);
  CHECK(code_of([] { check_password(""); }) == chat_errc::bad_request);
  CHECK(code_of([] { check_password(std::string(1025, 'x')); }) == chat_errc::bad_request);
}

TEST_CASE("query strings are split and percent-decoded") {
  auto t = parse_target("/api/users?limit=2&after=bob%20smith&x=a+b&flag");
  CHECK(t.path == "/api/users");
  CHECK(t.param("after") == "bob smith");
  CHECK(t.param("x") == "a b");
  CHECK(t.param("flag") == "");
  CHECK_FALSE(t.param("nope"));
  CHECK(code_of([] { parse_target("/api/users?after=%zz"); }) == chat_errc::bad_request);
  CHECK(code_of([] { parse_target("/api/users?after=%2"); }) == chat_errc::bad_request);
}

TEST_CASE("limit is 1..200, default 50; before is a positive integer") {
  CHECK(parse_limit(parse_target("/x")) == 50);
  CHECK(parse_limit(parse_target("/x?limit=1")) == 1);
  CHECK(parse_limit(parse_target("/x?limit=200")) == 200);
  for (auto bad : {"0", "201", "abc", "-1", "", "1.5", "99999999999999999999"})
    CHECK(code_of([&] { parse_limit(parse_target(std::string{"/x?limit="} + bad)); }) ==
          chat_errc::bad_request);
  CHECK(parse_positive(parse_target("/x?before=7"), "before") == 7);
  CHECK_FALSE(parse_positive(parse_target("/x"), "before"));
  CHECK(code_of([] { parse_positive(parse_target("/x?before=0"), "before"); }) ==
        chat_errc::bad_request);
}

TEST_CASE("bearer tokens") {
  CHECK(bearer_token("Bearer abc.DEF_123") == "abc.DEF_123");
  CHECK(bearer_token("bearer  tok ") == "tok");
  CHECK(code_of([] { bearer_token(""); }) == chat_errc::unauthorized);
  CHECK(code_of([] { bearer_token("Basic dXNlcjpwdw=="); }) == chat_errc::unauthorized);
  CHECK(code_of([] { bearer_token("Bearer "); }) == chat_errc::unauthorized);
  CHECK(code_of([] { bearer_token("Bearer a b"); }) == chat_errc::unauthorized);
}
