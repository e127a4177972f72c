// What chatd nodes tell each other besides Socket.IO broadcasts, on channels of their own
// (the adapter ignores them): presence per node and membership changes. MessagePack arrays;
// the Redis keys of a node's state are named here too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cluster/msgpack_json.hpp"
#include "messages/domain.hpp"

namespace chat::cluster {

inline constexpr std::string_view presence_channel = "chatd#presence#";
inline constexpr std::string_view rooms_channel = "chatd#rooms#";
inline constexpr std::string_view tokens_channel = "chatd#tokens#";
/// SET of the uids of the nodes that registered (a dead one is removed by whoever sees it).
inline constexpr std::string_view nodes_key = "chatd:nodes";
/// "chatd:node:<uid>:alive" (heartbeat, expires), ":users" (SET of user ids with a socket on
/// that node), ":version" (the version of that set: it counts the node's presence changes),
/// ":dead" (a tombstone for a minute after a node found it dead).
std::string node_key(std::string_view uid, std::string_view what);

/// A user's presence on one node changed: [uid, version, user, online].
struct presence_change {
  std::string uid;
  std::uint64_t version = 0;
  id_t user = 0;
  bool online = false;
};

/// A node (re)registered its whole state: [uid, version]; read it with a snapshot.
struct node_hello {
  std::string uid;
  std::uint64_t version = 0;
};

/// A room's members changed: [uid, room, added, removed].
struct members_change {
  std::string uid;
  room_info room;
  std::vector<id_t> added;
  std::vector<id_t> removed;
};

/// A token was revoked (logout): [uid, token hash]; its sockets close on every node.
struct token_revoked {
  std::string uid;
  std::string token_hash;
};

std::string encode(const presence_change& m);
std::string encode(const token_revoked& m);
std::string encode(const node_hello& m);
std::string encode(const members_change& m);

/// A message of presence_channel; throws codec_error.
std::variant<presence_change, node_hello> decode_presence(const std::string& bytes);
/// A message of rooms_channel; throws codec_error.
members_change decode_members(const std::string& bytes);
/// A message of tokens_channel; throws codec_error.
token_revoked decode_token(const std::string& bytes);

}  // namespace chat::cluster
