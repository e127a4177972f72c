// The Socket.IO layer's one error enum: every reason a client packet is refused. Each of these
// closes the whole Engine.IO connection (conformance spec section 4.5).
#pragma once

#include <system_error>

namespace chat::socketio {

enum class errc {
  empty_packet = 1,       ///< a message with no type character
  unknown_type,           ///< first character not '0'..'6'
  bad_attachments,        ///< type 5/6 without a positive "<n>-" header
  bad_ack_id,             ///< ack id out of range
  invalid_json,           ///< payload is not JSON (includes non-digits where the ack id goes)
  too_deep,               ///< payload nests deeper than we are willing to walk
  invalid_payload,        ///< JSON of the wrong shape for the packet type
  reserved_event,         ///< an EVENT named connect, disconnect, ...
  bad_placeholder,        ///< placeholders not one per attachment (out of range, repeated, missing)
  unexpected_binary,      ///< a binary message while no attachment is expected
  missing_attachments,    ///< a text packet while attachments are still missing
  not_joined,             ///< a data packet for a namespace not joined (or not accepted yet)
  already_joined,         ///< a CONNECT for a namespace already joined (or being joined)
  client_connect_error,   ///< the client sent CONNECT_ERROR, which only servers send
  attachments_too_large,  ///< one packet's attachments exceed server_options::max_attachment_bytes
};

const std::error_category& socketio_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), socketio_category()};
}

}  // namespace chat::socketio

template <>
struct std::is_error_code_enum<chat::socketio::errc> : std::true_type {};
