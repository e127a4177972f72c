// Engine.IO v4 packet codec (see packet.hpp).
#include "net/engineio/packet.hpp"

#include <nlohmann/json.hpp>

namespace chat::engineio {

namespace {
constexpr char separator = '\x1e';
constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::optional<packet_type> to_packet_type(char c) noexcept {
  if (c < '0' || c > '6') return std::nullopt;
  return static_cast<packet_type>(c);
}

std::size_t out_packet::wire_size() const noexcept {
  if (bytes) return bytes->size();
  return 1 + (text ? text->size() : 0);
}

std::optional<packet> decode_packet(std::string_view text, bool allow_base64) {
  if (text.empty()) return std::nullopt;
  if (text.front() == 'b') {
    if (!allow_base64) return std::nullopt;
    auto bytes = base64_decode(text.substr(1));
    if (!bytes) return std::nullopt;
    return packet{packet_type::message, true, std::move(*bytes)};
  }
  auto type = to_packet_type(text.front());
  if (!type) return std::nullopt;
  return packet{*type, false, std::string(text.substr(1))};
}

std::optional<std::vector<packet>> decode_payload(std::string_view body) {
  std::vector<packet> out;
  while (true) {
    auto end = body.find(separator);
    auto p = decode_packet(body.substr(0, end), true);
    if (!p) return std::nullopt;
    out.push_back(std::move(*p));
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  return out;
}

void append_polling(const out_packet& p, std::string& out) {
  if (p.bytes) {
    out += 'b';
    out += base64_encode(*p.bytes);
    return;
  }
  out += static_cast<char>(p.type);
  if (p.text) out += *p.text;
}

std::string encode_payload(std::span<const out_packet> packets) {
  std::string out;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i > 0) out += separator;
    append_polling(packets[i], out);
  }
  return out;
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned v = bytes[i] << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      // Padding only in the last two places of the last group.
      if (c == '=' && i + 4 == text.size() && k >= 2 && (k == 3 || text[i + 3] == '=')) {
        v[k] = 0;
        ++pad;
        continue;
      }
      v[k] = base64_value(c);
      if (v[k] < 0) return std::nullopt;
    }
    unsigned n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out += static_cast<char>((n >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(n & 0xff);
  }
  return out;
}

std::string encode_open(const handshake& h) {
  nlohmann::ordered_json j;
  j["sid"] = h.sid;
  j["upgrades"] = h.upgrades;
  j["pingInterval"] = h.ping_interval_ms;
  j["pingTimeout"] = h.ping_timeout_ms;
  j["maxPayload"] = h.max_payload;
  return "0" + j.dump();
}

}  // namespace chat::engineio
