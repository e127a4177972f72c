// Socket.IO v5 packet codec, pure (no I/O): `<type>[<n>-][<nsp>,][<ack id>][<JSON>]` text
// packets, and binary attachments as placeholders <-> json binary values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "net/socketio/error.hpp"
#include "net/socketio/socket.hpp"

namespace chat::socketio {

enum class packet_type : std::uint8_t {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

/// Most attachments one packet may announce; more is refused as errc::bad_attachments.
inline constexpr std::size_t max_attachments = 256;
/// Deepest JSON nesting accepted from a client (our JSON walks and dump() recurse).
inline constexpr std::size_t max_json_depth = 128;
/// Most JSON values in one client packet. A parsed value costs up to ~100 bytes whatever its
/// text (`[[],[],…]` is 3 bytes a value), so without it a 1 MB packet held ~27 MB; with it a
/// packet holds at most ~1 MB plus its strings. Contract payloads need ~1,000 at most.
inline constexpr std::size_t max_json_values = 10000;

struct packet {
  packet_type type = packet_type::event;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;  ///< ack id
  std::optional<json> data;         ///< the payload, absent when the packet has none
  std::size_t attachments = 0;      ///< announced "<n>-" of a binary packet, when decoded
};

/// Decodes one Socket.IO text packet (the Engine.IO message without its '4') and checks the
/// payload's shape for its type. Never throws; on error `out` is unspecified.
std::error_code decode_packet(std::string_view text, packet& out) noexcept;

/// Checks the placeholders of a binary packet's `data` before any attachment is buffered:
/// exactly `attachments` of them, each naming a different attachment 0..attachments-1, so the
/// reassembled packet is never larger than its attachments (socket.io-parser references each
/// buffer; copying one per placeholder would multiply it). errc::bad_placeholder otherwise.
/// Never throws.
std::error_code check_placeholders(const json& data, std::size_t attachments) noexcept;

/// Replaces every placeholder in `data` by the matching attachment, moved out of
/// `attachments` into a json binary value: the same rules as check_placeholders. Never throws.
std::error_code attach_binaries(json& data, std::vector<std::vector<std::uint8_t>>& attachments) noexcept;

using bytes_ptr = std::shared_ptr<const std::vector<std::uint8_t>>;

/// A packet ready for the wire: the text message, then one binary message per attachment.
struct encoded_packet {
  std::string text;
  std::vector<bytes_ptr> attachments;
};

/// Encodes `p`. EVENT/ACK become BINARY_EVENT/BINARY_ACK when the data holds binary values
/// (replaced by placeholders, depth-first); `p.attachments` is ignored. JSON is compact,
/// keeps key order and escapes like JSON.stringify; invalid UTF-8 is replaced, never thrown.
encoded_packet encode_packet(const packet& p);

/// The ACK text for ack `id` in `nsp` whose arguments are `array_text`, a JSON array already
/// encoded (ack_args::encoded): what encode_packet gives for the same array, without a DOM.
std::string encode_ack_text(std::string_view nsp, std::uint64_t id, std::string_view array_text);

/// The Socket.IO EVENT text (without the Engine.IO '4') for `array` = [name, args...] in
/// `nsp`: the fan-out frame for socket::send_encoded. Text only: binary values become null.
std::string encode_event(std::string_view nsp, const json& array);

}  // namespace chat::socketio
