// The HTTP errors of the Engine.IO endpoint, in one place.
#include "net/engineio/request_error.hpp"

#include <nlohmann/json.hpp>

namespace chat::engineio {

namespace {
const char* message_of(request_error e) {
  switch (e) {
    case request_error::unknown_transport: return "Transport unknown";
    case request_error::unknown_sid: return "Session ID unknown";
    case request_error::bad_handshake_method: return "Bad handshake method";
    case request_error::bad_request: return "Bad request";
    case request_error::forbidden: return "Forbidden";
    case request_error::unsupported_protocol_version: return "Unsupported protocol version";
    case request_error::too_many_pending: return "Too many sessions waiting to connect from this address";
  }
  return "Bad request";
}
}  // namespace

http::response error_response(request_error e, unsigned version) {
  nlohmann::ordered_json body;
  body["code"] = static_cast<int>(e);
  body["message"] = message_of(e);
  const auto status = e == request_error::too_many_pending ? boost::beast::http::status::too_many_requests
                                                            : boost::beast::http::status::bad_request;
  http::response res{status, version};
  res.set(boost::beast::http::field::content_type, "application/json");
  res.body() = body.dump();
  return res;
}

}  // namespace chat::engineio
