// The JSON error answer of the REST contract: {"error":{"code":"...","message":"..."}}.
#pragma once

#include <string_view>

#include "net/http/handler.hpp"

namespace chat::http {

/// A response with `status` and body {"error":{"code":code,"message":message}}.
response error_response(beast::http::status status, std::string_view code, std::string_view message,
                        unsigned version = 11);

}  // namespace chat::http
