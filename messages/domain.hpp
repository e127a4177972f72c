// The chat domain as plain data: users, rooms and messages as every layer sees them.
// No I/O here; JSON encoding lives in wire_json.hpp, storage in persistence/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace chat {

/// Database ids are SQLite rowids: positive 64-bit integers; 0 means "none".
using id_t = std::int64_t;

/// A user as other users see it (no credentials).
struct user_info {
  id_t id = 0;
  std::string username;
};

/// A room with its members. `kind` is "direct" or "group"; direct rooms have an empty name
/// (encoded as JSON null).
struct room_info {
  id_t id = 0;
  std::string kind;
  std::string name;
  std::vector<user_info> members;
  std::int64_t last_seq = 0;
  std::string created_at;  ///< ISO-8601 UTC with milliseconds
};

/// A stored message. `seq` counts 1, 2, 3 … inside its room with no gaps.
/// `parent_id` 0 means "not a reply"; an empty `client_msg_id` means "none".
struct message_info {
  id_t id = 0;
  id_t room_id = 0;
  std::int64_t seq = 0;
  id_t sender_id = 0;
  std::string body;
  id_t parent_id = 0;
  std::string client_msg_id;
  std::string created_at;  ///< ISO-8601 UTC with milliseconds
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_info& x) {
  return f(caf::meta::type_name("user_info"), x.id, x.username);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, room_info& x) {
  return f(caf::meta::type_name("room_info"), x.id, x.kind, x.name, x.members, x.last_seq,
           x.created_at);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message_info& x) {
  return f(caf::meta::type_name("message_info"), x.id, x.room_id, x.seq, x.sender_id, x.body,
           x.parent_id, x.client_msg_id, x.created_at);
}

}  // namespace chat
