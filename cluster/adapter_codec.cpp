// Encoding and decoding of @socket.io/redis-adapter broadcasts (dist/index.js: broadcast()
// publishes, onmessage() reads), key order and all, so the bytes match notepack.io's.
#include "cluster/adapter_codec.hpp"

namespace chat::cluster {

namespace {

constexpr int event_packet = 2;  // socket.io-parser PacketType.EVENT

void pack_string(msgpack::packer<msgpack::sbuffer>& pk, std::string_view s) {
  pk.pack_str(static_cast<std::uint32_t>(s.size()));
  pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

void pack_strings(msgpack::packer<msgpack::sbuffer>& pk, const std::vector<std::string>& v) {
  pk.pack_array(static_cast<std::uint32_t>(v.size()));
  for (const auto& s : v)
    pack_string(pk, s);
}

std::vector<std::string> strings_of(const json& v, const char* what) {
  std::vector<std::string> out;
  if (v.is_null())
    return out;
  if (!v.is_array())
    throw codec_error(std::string{what} + " is not an array");
  for (const auto& x : v) {
    // Socket.IO rooms may be numbers in JavaScript; the adapter sends them as they are.
    if (x.is_string())
      out.push_back(x.get<std::string>());
    else if (x.is_number_integer())
      out.push_back(x.dump());
    else
      throw codec_error(std::string{what} + " holds a room that is not a string");
  }
  return out;
}

}  // namespace

std::string channel_of(const broadcast& b) {
  std::string channel{adapter_channel};
  if (b.rooms.size() == 1)
    channel += b.rooms.front() + "#";
  return channel;
}

std::string encode(const broadcast& b) {
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> pk{buf};
  pk.pack_array(3);
  pack_string(pk, b.uid);
  pk.pack_map(3);  // the packet, keys in the order socket.io sets them
  pack_string(pk, "type");
  pk.pack_int(event_packet);
  pack_string(pk, "data");
  pack_json(pk, b.data);
  pack_string(pk, "nsp");
  pack_string(pk, "/");
  pk.pack_map(3);  // the options
  pack_string(pk, "rooms");
  pack_strings(pk, b.rooms);
  pack_string(pk, "except");
  pack_strings(pk, b.except);
  pack_string(pk, "flags");
  pk.pack_map(0);
  return std::string{buf.data(), buf.size()};
}

broadcast decode(const std::string& bytes) {
  auto handle = unpack(bytes);
  auto message = to_json(handle.get());
  if (!message.is_array() || message.size() < 3 || !message[0].is_string())
    throw codec_error("not an adapter message [uid, packet, opts]");
  const auto& packet = message[1];
  const auto& opts = message[2];
  if (!packet.is_object() || !opts.is_object())
    throw codec_error("not an adapter message [uid, packet, opts]");
  auto type = packet.find("type");
  if (type == packet.end() || *type != event_packet)
    throw codec_error("not an EVENT packet");
  auto nsp = packet.find("nsp");
  if (nsp != packet.end() && *nsp != "/")
    throw codec_error("not namespace /");
  if (packet.contains("id"))
    throw codec_error("a broadcast with an ack is not relayed");
  auto data = packet.find("data");
  if (data == packet.end() || !data->is_array() || data->empty() || !(*data)[0].is_string())
    throw codec_error("an event without a name");
  broadcast b;
  b.uid = message[0].get<std::string>();
  b.data = std::move(*data);
  b.rooms = strings_of(opts.value("rooms", json{}), "rooms");
  b.except = strings_of(opts.value("except", json{}), "except");
  return b;
}

}  // namespace chat::cluster
