// Query parsing (any order, unknown keys ignored) and the 400 error bodies.
#include <doctest/doctest.h>

#include "net/engineio/query.hpp"
#include "net/engineio/request_error.hpp"

using namespace chat::engineio;

TEST_CASE("the three parameters are found in any order, the rest is ignored") {
  auto q = parse_query("/engine.io/?t=abc&sid=A-b_9&transport=polling&EIO=4");
  CHECK(q.eio == "4");
  CHECK(q.transport == "polling");
  CHECK(q.sid == "A-b_9");
}

TEST_CASE("missing parameters stay empty; values are percent-decoded") {
  auto q = parse_query("/engine.io/?EIO=4");
  CHECK_FALSE(q.transport);
  CHECK_FALSE(q.sid);
  CHECK(parse_query("/x?sid=a%2Db").sid == "a-b");
  CHECK_FALSE(parse_query("/engine.io/").eio);
}

TEST_CASE("errors answer 400 with the reference's JSON body") {
  auto res = error_response(request_error::unsupported_protocol_version);
  CHECK(res.result_int() == 400);
  CHECK(res.body() == R"({"code":5,"message":"Unsupported protocol version"})");
  CHECK(res[boost::beast::http::field::content_type] == "application/json");
}
