// CORS of the Engine.IO endpoint: "*" is a literal "*" and never comes with credentials;
// listed origins are reflected (with credentials when asked); "*" with credentials is refused.
#include <doctest/doctest.h>

#include "net/engineio/cors.hpp"

using namespace chat;
namespace bhttp = boost::beast::http;

namespace {

http::response answer_to(const engineio::server_options& o, const char* origin) {
  http::request req{bhttp::verb::get, "/socket.io/?EIO=4&transport=polling", 11};
  req.set(bhttp::field::origin, origin);
  http::response res;
  engineio::apply_cors(o, req, res);
  return res;
}

}  // namespace

TEST_CASE("\"*\" with credentials is refused at start, and never reflects an origin") {
  engineio::server_options o;
  o.cors_origins = {"*"};
  CHECK_FALSE(engineio::cors_settings_error(o));
  o.cors_credentials = true;
  REQUIRE(engineio::cors_settings_error(o));
  CHECK(engineio::cors_settings_error(o)->find("--cors-origins") != std::string::npos);
  // Should the settings run anyway (a library user), no origin is reflected with credentials.
  const auto res = answer_to(o, "https://evil.example");
  CHECK(res[bhttp::field::access_control_allow_origin] == "*");
  CHECK(res.count(bhttp::field::access_control_allow_credentials) == 0);
}

TEST_CASE("listed origins are reflected, with credentials when configured; others get nothing") {
  engineio::server_options o;
  o.cors_origins = {"https://app.example", "https://admin.example"};
  o.cors_credentials = true;
  CHECK_FALSE(engineio::cors_settings_error(o));
  auto res = answer_to(o, "https://admin.example");
  CHECK(res[bhttp::field::access_control_allow_origin] == "https://admin.example");
  CHECK(res[bhttp::field::access_control_allow_credentials] == "true");
  CHECK(res[bhttp::field::vary] == "Origin");
  res = answer_to(o, "https://evil.example");
  CHECK(res.count(bhttp::field::access_control_allow_origin) == 0);
  CHECK(res.count(bhttp::field::access_control_allow_credentials) == 0);
}
