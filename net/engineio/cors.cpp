// CORS for the Engine.IO endpoint (see cors.hpp).
#include "net/engineio/cors.hpp"

#include <algorithm>

namespace chat::engineio {

namespace bhttp = boost::beast::http;

void apply_cors(const server_options& opts, const http::request& req, http::response& res) {
  if (opts.cors_origins.empty()) return;
  const bool any = std::ranges::find(opts.cors_origins, "*") != opts.cors_origins.end();
  auto origin = req[bhttp::field::origin];
  if (any && !opts.cors_credentials) {
    res.set(bhttp::field::access_control_allow_origin, "*");
    return;
  }
  if (origin.empty()) return;
  if (!any && std::ranges::find(opts.cors_origins, origin) == opts.cors_origins.end()) return;
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
