// CORS for the Engine.IO endpoint (see cors.hpp).
#include "net/engineio/cors.hpp"

#include <algorithm>

namespace chat::engineio {

namespace bhttp = boost::beast::http;

namespace {
bool allows_any(const server_options& opts) {
  return std::ranges::find(opts.cors_origins, "*") != opts.cors_origins.end();
}
}  // namespace

std::optional<std::string> cors_settings_error(const server_options& opts) {
  if (opts.cors_credentials && allows_any(opts))
    return "--cors-credentials with --cors-origins \"*\" would let any web site send requests with your "
           "users' cookies: list the allowed origins (--cors-origins https://app.example.com,...)";
  return std::nullopt;
}

void apply_cors(const server_options& opts, const http::request& req, http::response& res) {
  if (opts.cors_origins.empty()) return;
  if (allows_any(opts)) {
    res.set(bhttp::field::access_control_allow_origin, "*");
    return;
  }
  auto origin = req[bhttp::field::origin];
  if (origin.empty()) return;
  if (std::ranges::find(opts.cors_origins, origin) == opts.cors_origins.end()) return;
  res.set(bhttp::field::access_control_allow_origin, origin);
  res.set(bhttp::field::vary, "Origin");
  if (opts.cors_credentials) res.set(bhttp::field::access_control_allow_credentials, "true");
}

http::response preflight_response(const server_options& opts, const http::request& req) {
  http::response res{bhttp::status::no_content, req.version()};
  apply_cors(opts, req, res);
  res.set(bhttp::field::access_control_allow_methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
  auto asked = req[bhttp::field::access_control_request_headers];
  if (!asked.empty()) res.set(bhttp::field::access_control_allow_headers, asked);
  std::string vary(res[bhttp::field::vary]);
  res.set(bhttp::field::vary, vary.empty() ? "Access-Control-Request-Headers" : vary + ", Access-Control-Request-Headers");
  return res;
}

}  // namespace chat::engineio
