// CORS for the Engine.IO endpoint: the Access-Control-* headers and the OPTIONS preflight.
#pragma once

#include <optional>
#include <string>

#include "net/engineio/server_options.hpp"
#include "net/http/handler.hpp"

namespace chat::engineio {

/// Why these CORS settings must not run, or nullopt when they may: "*" with credentials would
/// reflect any origin with Allow-Credentials, letting every site act with a user's cookies.
std::optional<std::string> cors_settings_error(const server_options& opts);

/// Adds Access-Control-Allow-Origin (and -Credentials, Vary) to `res` when the options
/// allow the request's origin. "*" is always a literal "*", never a reflected origin, and
/// never with credentials (which browsers refuse with "*" anyway).
void apply_cors(const server_options& opts, const http::request& req, http::response& res);

/// The 204 answer to an OPTIONS preflight.
http::response preflight_response(const server_options& opts, const http::request& req);

}  // namespace chat::engineio
