// Engine.IO v4 / Socket.IO v5 text packets, the client's half: decode what a server sends,
// encode CONNECT and EVENT.
#include "bench/load/packet_codec.hpp"

#include <charconv>

#include "bench/load/json_scan.hpp"

namespace chat::load::wire {
namespace {

/// The Socket.IO packet inside an Engine.IO message: type digit, optional "/nsp,", optional
/// ack id digits, then JSON (socket.io-protocol v5 §packet encoding).
std::optional<frame> decode_socketio(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  frame out;
  switch (text[0]) {
    case '0': out.type = frame::kind::connect; break;
    case '1': out.type = frame::kind::disconnect; break;
    case '2': out.type = frame::kind::event; break;
    case '3': out.type = frame::kind::ack; break;
    case '4': out.type = frame::kind::connect_error; break;
    case '5':
    case '6': out.type = frame::kind::other; break;  // binary: the load generator sends none
    default: return std::nullopt;
  }
  std::size_t pos = 1;
  out.nsp = "/";
  if (pos < text.size() && text[pos] == '/') {
    auto comma = text.find(',', pos);
    if (comma == std::string_view::npos)
      return std::nullopt;
    out.nsp = text.substr(pos, comma - pos);
    pos = comma + 1;
  }
  auto digits = pos;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  if (digits > pos) {
    std::uint64_t id = 0;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + digits, id);
    if (ec != std::errc{} || end != text.data() + digits)
      return std::nullopt;
    out.ack_id = id;
    pos = digits;
  }
  if (out.type == frame::kind::ack && !out.ack_id)
    return std::nullopt;
  out.data = text.substr(pos);
  return out;
}

}  // namespace

std::optional<frame> decode(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  frame out;
  switch (text[0]) {
    case '0': out.type = frame::kind::open; break;
    case '1': out.type = frame::kind::close; break;
    case '2': out.type = frame::kind::ping; break;
    case '3':
    case '5': out.type = frame::kind::other; break;
    case '4': return decode_socketio(text.substr(1));
    case '6': out.type = frame::kind::noop; break;
    default: return std::nullopt;
  }
  out.data = text.substr(1);
  return out;
}

std::optional<event_view> split_event(std::string_view data) {
  auto name = json::string_of(json::element(data, 0));
  if (!name)
    return std::nullopt;
  return event_view{*name, json::element(data, 1).value_or(std::string_view{})};
}

std::string encode_connect(std::string_view auth_json) {
  std::string out = "40";
  out += auth_json;
  return out;
}

void encode_event(std::string& out, std::string_view event, std::string_view payload,
                  std::optional<std::uint64_t> ack_id) {
  out += "42";
  if (ack_id) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, *ack_id);
    out.append(digits, end);
  }
  out += "[\"";
  out += event;  // event names are ASCII without quotes: "message:send", "room:direct", …
  out += "\",";
  out += payload;
  out += ']';
}

}  // namespace chat::load::wire
