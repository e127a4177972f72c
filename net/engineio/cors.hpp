// CORS for the Engine.IO endpoint: the Access-Control-* headers and the OPTIONS preflight.
#pragma once

#include "net/engineio/server_options.hpp"
#include "net/http/handler.hpp"

namespace chat::engineio {

/// Adds Access-Control-Allow-Origin (and -Credentials, Vary) to `res` when the options
/// allow the request's origin ("*" without credentials: a literal "*").
void apply_cors(const server_options& opts, const http::request& req, http::response& res);

/// The 204 answer to an OPTIONS preflight.
http::response preflight_response(const server_options& opts, const http::request& req);

}  // namespace chat::engineio
