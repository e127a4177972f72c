// JSON text read the way JavaScript's JSON.parse reads it. socket.io clients and servers are
// JavaScript: what JSON.parse accepts is a valid packet, even where nlohmann's parser refuses
// it (a number past double range, a lone UTF-16 surrogate escape). Such values are kept in a
// form every field reader refuses, so the event gets a bad_request ack, not a closed session.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "net/socketio/socket.hpp"

namespace chat::socketio {

/// Parses one JSON value (RFC 8259, as JSON.parse: whitespace around it, nothing else after).
/// Differences from nlohmann::json::parse, each where JSON.parse accepts the text:
/// - a number beyond double range (`1e400`) is ±infinity, a number_float (JSON.stringify and
///   our encoder write it as null); an integer too large for 64 bits is a double, as in nlohmann;
/// - an escaped UTF-16 surrogate without its partner (`"\ud800"`) becomes its 3-byte WTF-8
///   form, which is not valid UTF-8, so no string field accepts it.
/// Raw bytes that are not valid UTF-8 (which JSON.parse never sees: the transport decodes text
/// first) and nesting deeper than `max_depth` are refused. std::nullopt when the text is
/// refused. Never throws.
std::optional<json> parse_js_json(std::string_view text, std::size_t max_depth) noexcept;

}  // namespace chat::socketio
