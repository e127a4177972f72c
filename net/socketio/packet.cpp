// Socket.IO v5 packet codec: text decoding with the shape checks of the conformance spec
// §4.1/§4.5, and encoding that matches socket.io-parser + JSON.stringify byte for byte.
#include "net/socketio/packet.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <type_traits>

#include "net/socketio/js_json.hpp"

namespace chat::socketio {
namespace {

// socket.io-parser RESERVED_EVENTS: names the client may not send as EVENTs.
constexpr std::array<std::string_view, 6> reserved_events = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_binary(packet_type t) { return t == packet_type::binary_event || t == packet_type::binary_ack; }

std::error_code check_shape(const packet& p) {
  const auto& d = p.data;
  switch (p.type) {
    case packet_type::connect:
      return !d || d->is_object() ? std::error_code{} : errc::invalid_payload;
    case packet_type::disconnect:
      return d ? errc::invalid_payload : std::error_code{};
    case packet_type::event:
    case packet_type::binary_event:
      if (!d || !d->is_array() || d->empty() || !(*d)[0].is_string()) return errc::invalid_payload;
      for (auto name : reserved_events)
        if ((*d)[0].get_ref<const std::string&>() == name) return errc::reserved_event;
      return {};
    case packet_type::ack:
    case packet_type::binary_ack:
      return d && d->is_array() ? std::error_code{} : errc::invalid_payload;
    case packet_type::connect_error:
      return d && (d->is_object() || d->is_string()) ? std::error_code{} : errc::invalid_payload;
  }
  return errc::unknown_type;
}

std::error_code decode_unchecked(std::string_view text, packet& out) {
  if (text.empty()) return errc::empty_packet;
  if (text[0] < '0' || text[0] > '6') return errc::unknown_type;
  out = packet{};
  out.type = static_cast<packet_type>(text[0] - '0');
  std::size_t i = 1;

  if (is_binary(out.type)) {  // "<n>-"
    const auto dash = text.find('-', i);
    if (dash == std::string_view::npos || dash == i || dash - i > 3) return errc::bad_attachments;
    std::size_t n = 0;
    for (; i < dash; ++i) {
      if (!is_digit(text[i])) return errc::bad_attachments;
      n = n * 10 + static_cast<std::size_t>(text[i] - '0');
    }
    if (n == 0 || n > max_attachments) return errc::bad_attachments;
    out.attachments = n;
    i = dash + 1;
  }

  if (i < text.size() && text[i] == '/') {  // namespace, up to ',' or the end
    const auto comma = text.find(',', i);
    if (comma == std::string_view::npos) {
      out.nsp.assign(text.substr(i));
      i = text.size();
    } else {
      out.nsp.assign(text.substr(i, comma - i));
      i = comma + 1;
    }
  }

  if (i < text.size() && is_digit(text[i])) {  // ack id
    std::uint64_t id = 0;
    constexpr auto max_id = std::numeric_limits<std::uint64_t>::max() / 10 - 9;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      if (id > max_id) return errc::bad_ack_id;
      id = id * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    out.id = id;
  }

  if (i < text.size()) {
    const auto body = text.substr(i);
    // Read as JSON.parse reads it: what a JavaScript peer accepts must not close the session.
    js_json_refusal why{};
    auto parsed = parse_js_json(body, max_json_depth, max_json_values, &why);
    if (!parsed) {
      if (why == js_json_refusal::too_deep) return errc::too_deep;
      return why == js_json_refusal::too_many_values ? errc::too_many_values : errc::invalid_json;
    }
    out.data = std::move(*parsed);
  }
  return check_shape(out);
}

// A copy of `in` ready for dump(): binary values become placeholders (collected into `bins`)
// or null when `bins` is null; integral doubles print as integers like JSON.stringify does.
json prepare(const json& in, std::vector<bytes_ptr>* bins) {
  switch (in.type()) {
    case json::value_t::array: {
      json out = json::array();
      for (const auto& v : in) out.push_back(prepare(v, bins));
      return out;
    }
    case json::value_t::object: {
      json out = json::object();
      for (auto it = in.begin(); it != in.end(); ++it) out[it.key()] = prepare(it.value(), bins);
      return out;
    }
    case json::value_t::binary: {
      if (!bins) return nullptr;
      bins->push_back(std::make_shared<const std::vector<std::uint8_t>>(in.get_binary()));
      return json{{"_placeholder", true}, {"num", bins->size() - 1}};
    }
    case json::value_t::number_float: {
      const double d = in.get<double>();
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) <= 9007199254740991.0)
        return static_cast<std::int64_t>(d);  // also turns -0 into 0, as JS prints it
      return in;
    }
    default:
      return in;
  }
}

/// Whether prepare() would change `j` (binary values, integral doubles): most payloads are
/// dumped as they are, without the deep copy.
bool needs_prepare(const json& j) {
  switch (j.type()) {
    case json::value_t::array:
    case json::value_t::object:
      for (const auto& v : j)
        if (needs_prepare(v)) return true;
      return false;
    case json::value_t::binary:
    case json::value_t::number_float:
      return true;
    default:
      return false;
  }
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void append_header(std::string& out, packet_type t, std::size_t n, std::string_view nsp,
                   const std::optional<std::uint64_t>& id) {
  out += static_cast<char>('0' + static_cast<int>(t));
  if (is_binary(t)) {
    out += std::to_string(n);
    out += '-';
  }
  if (!nsp.empty() && nsp != "/") {
    out += nsp;
    out += ',';
  }
  if (id) out += std::to_string(*id);
}

/// The attachment index a placeholder object names, -1 when `j` is no placeholder, or -2 when
/// it is one with a `num` that is no index below `n`.
std::int64_t placeholder_index(const json& j, std::size_t n) {
  const auto flag = j.find("_placeholder");
  if (flag == j.end() || !flag->is_boolean() || !flag->get<bool>()) return -1;
  const auto num = j.find("num");
  if (num == j.end() || !num->is_number_integer()) return -2;
  const auto i = num->get<std::int64_t>();
  return i >= 0 && static_cast<std::uint64_t>(i) < n ? i : -2;
}

/// Walks `j`, marking in `used` the attachment each placeholder names (each at most once); a
/// mutable `j` gets the attachment moved into place from `bins`. Depth is bounded by
/// max_json_depth.
template <class Json>
std::error_code visit_placeholders(Json& j, std::vector<bool>& used, std::vector<std::vector<std::uint8_t>>* bins) {
  if (j.is_object()) {
    const auto i = placeholder_index(j, used.size());
    if (i == -2) return errc::bad_placeholder;
    if (i >= 0) {
      const auto index = static_cast<std::size_t>(i);
      if (used[index]) return errc::bad_placeholder;
      used[index] = true;
      if constexpr (!std::is_const_v<Json>) j = json::binary(std::move((*bins)[index]));
      return {};
    }
  }
  if (j.is_structured())  // an array's elements, an object's values
    for (auto& v : j)
      if (auto ec = visit_placeholders(v, used, bins)) return ec;
  return {};
}

std::error_code check_all_used(const std::vector<bool>& used) {
  for (bool u : used)
    if (!u) return errc::bad_placeholder;
  return {};
}

}  // namespace

std::error_code decode_packet(std::string_view text, packet& out) noexcept {
  try {
    return decode_unchecked(text, out);
  } catch (...) {  // bad_alloc and the like: refuse the packet, never the process
    return errc::invalid_json;
  }
}

std::error_code check_placeholders(const json& data, std::size_t attachments) noexcept {
  try {
    std::vector<bool> used(attachments, false);
    if (auto ec = visit_placeholders(data, used, nullptr)) return ec;
    return check_all_used(used);
  } catch (...) {
    return errc::bad_placeholder;
  }
}

std::error_code attach_binaries(json& data, std::vector<std::vector<std::uint8_t>>& attachments) noexcept {
  try {
    std::vector<bool> used(attachments.size(), false);
    if (auto ec = visit_placeholders(data, used, &attachments)) return ec;
    return check_all_used(used);
  } catch (...) {
    return errc::bad_placeholder;
  }
}

encoded_packet encode_packet(const packet& p) {
  encoded_packet out;
  json body;
  const bool prepared = p.data && needs_prepare(*p.data);
  if (prepared) body = prepare(*p.data, &out.attachments);
  auto type = p.type;
  const bool has_bins = !out.attachments.empty();
  if (type == packet_type::event || type == packet_type::binary_event)
    type = has_bins ? packet_type::binary_event : packet_type::event;
  else if (type == packet_type::ack || type == packet_type::binary_ack)
    type = has_bins ? packet_type::binary_ack : packet_type::ack;
  append_header(out.text, type, out.attachments.size(), p.nsp, p.id);
  if (p.data) out.text += dump(prepared ? body : *p.data);
  return out;
}

std::string encode_ack_text(std::string_view nsp, std::uint64_t id, std::string_view array_text) {
  std::string out;
  out.reserve(array_text.size() + nsp.size() + 24);
  append_header(out, packet_type::ack, 0, nsp, id);
  out += array_text;
  return out;
}

std::string encode_event(std::string_view nsp, const json& array) {
  std::string out;
  append_header(out, packet_type::event, 0, nsp, std::nullopt);
  out += needs_prepare(array) ? dump(prepare(array, nullptr)) : dump(array);
  return out;
}

}  // namespace chat::socketio
