// The HTTP errors of the Engine.IO endpoint (400 + {"code":N,"message":"..."}), in one place.
#pragma once

#include "net/http/handler.hpp"

namespace chat::engineio {

/// The codes of the reference server's error bodies.
enum class request_error {
  unknown_transport = 0,
  unknown_sid = 1,
  bad_handshake_method = 2,
  bad_request = 3,
  forbidden = 4,
  unsupported_protocol_version = 5,
  /// chatd's own: the client's address holds --max-pending-per-ip sessions not admitted yet.
  too_many_pending = 6,
};

/// 400 (429 for too_many_pending) with Content-Type application/json and body
/// {"code":N,"message":"..."}.
http::response error_response(request_error e, unsigned version = 11);

}  // namespace chat::engineio
