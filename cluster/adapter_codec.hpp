// The message format of the official Socket.IO Redis adapter (@socket.io/redis-adapter 8.x):
// a broadcast is published on "socket.io#/#" (or "socket.io#/#<room>#" when it targets one
// room) as notepack.io MessagePack of [uid, packet, {rooms, except, flags}], packet being
// {type: 2 (EVENT), data: [event, ...args], nsp: "/"}. Pure: no Redis, no actors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cluster/msgpack_json.hpp"

namespace chat::cluster {

/// The channel prefix of namespace "/" (the adapter's default key "socket.io").
inline constexpr std::string_view adapter_channel = "socket.io#/#";

/// One broadcast, as every node of the cluster reads it.
struct broadcast {
  std::string uid;                  ///< the publishing server (each drops its own)
  json data;                        ///< [event, ...args]
  std::vector<std::string> rooms;   ///< Socket.IO rooms it goes to; empty: every socket
  std::vector<std::string> except;  ///< rooms (or socket ids) it skips
};

/// The channel `b` is published on: the room's own channel when it targets exactly one.
std::string channel_of(const broadcast& b);

/// The adapter's bytes for `b` (what notepack.io gives for the same JavaScript values).
std::string encode(const broadcast& b);

/// Reads an adapter message; throws codec_error when it is not one chatd can deliver: not
/// [uid, packet, opts], a packet other than an EVENT of namespace "/" (or with an ack id),
/// an event without a name, or binary data.
broadcast decode(const std::string& bytes);

}  // namespace chat::cluster
