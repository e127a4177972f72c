// Engine.IO v4 packet codec: pure functions, no I/O. Single packets (WebSocket frames),
// polling payloads (packets joined by \x1e, binary as "b"+base64) and the open packet.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chat::engineio {

/// The type character that starts every text packet (engine.io v4 §packet encoding).
enum class packet_type : char {
  open = '0',
  close = '1',
  ping = '2',
  pong = '3',
  message = '4',
  upgrade = '5',
  noop = '6',
};

/// The packet type of a type character, or nullopt when it is none.
std::optional<packet_type> to_packet_type(char c) noexcept;

/// A decoded incoming packet. For a binary message `binary` is set and `data` holds the bytes.
struct packet {
  packet_type type = packet_type::noop;
  bool binary = false;
  std::string data;
  bool operator==(const packet&) const = default;
};

/// An outgoing packet. Message payloads are shared, so one encoded fan-out frame can go to
/// many sessions without copies; `text` also carries small data such as "probe".
struct out_packet {
  packet_type type = packet_type::noop;
  std::shared_ptr<const std::string> text;                 ///< text data after the type char
  std::shared_ptr<const std::vector<std::uint8_t>> bytes;  ///< set for a binary message

  /// Bytes this packet occupies on the wire (for the slow-client bound).
  std::size_t wire_size() const noexcept;
};

/// Decodes one text packet. `allow_base64` accepts "b<base64>" (polling bodies only; on
/// WebSocket binary travels in binary frames). Nullopt: unknown type, empty, bad base64.
std::optional<packet> decode_packet(std::string_view text, bool allow_base64);

/// Decodes a polling body: one or more packets joined by \x1e. Nullopt when any is bad.
std::optional<std::vector<packet>> decode_payload(std::string_view body);

/// Appends the polling form of `p` to `out` (no separator).
void append_polling(const out_packet& p, std::string& out);

/// A polling body: every packet of `packets`, joined by \x1e.
std::string encode_payload(std::span<const out_packet> packets);

/// Standard base64 with '=' padding.
std::string base64_encode(std::span<const std::uint8_t> bytes);
/// Nullopt on characters outside the alphabet or a wrong length.
std::optional<std::string> base64_decode(std::string_view text);

/// What the open packet announces.
struct handshake {
  std::string sid;
  std::vector<std::string> upgrades;
  unsigned ping_interval_ms = 25000;
  unsigned ping_timeout_ms = 20000;
  std::size_t max_payload = 1000000;
};

/// "0" + the handshake JSON with exactly the five keys of engine.io v4, in reference order.
std::string encode_open(const handshake& h);

}  // namespace chat::engineio
