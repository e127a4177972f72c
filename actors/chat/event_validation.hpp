// Parsing and validation of the payloads of client -> server socket events (docs/protocol.md
// "Socket events, client -> server" and "Limits and bad input"). Every parser takes the
// event's argument array and throws chat_error (bad_request / payload_too_large).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/domain.hpp"
#include "messages/wire_json.hpp"

namespace chat {

struct send_payload {
  id_t room_id = 0;
  std::string body;
  id_t parent_id = 0;          ///< 0: not a reply
  std::string client_msg_id;   ///< empty: none
};

struct history_payload {
  id_t room_id = 0;
  std::int64_t before = INT64_MAX;  ///< absent: from the newest
  int limit = 50;
};

struct sync_payload {
  id_t room_id = 0;
  std::int64_t after_seq = 0;
  int limit = 100;
};

struct read_payload {
  id_t room_id = 0;
  std::int64_t seq = 0;
};

struct typing_payload {
  id_t room_id = 0;
  bool typing = false;
};

struct create_payload {
  std::string name;
  std::vector<id_t> member_ids;
};

struct add_payload {
  id_t room_id = 0;
  std::vector<id_t> user_ids;
};

/// `args` is the event's argument array; its first element must be an object.
send_payload parse_message_send(const json& args, std::size_t max_body_chars);
history_payload parse_history(const json& args);
sync_payload parse_sync(const json& args);
read_payload parse_read(const json& args);
typing_payload parse_typing(const json& args);
id_t parse_direct(const json& args);                 ///< {userId}
create_payload parse_create(const json& args, std::size_t max_ids);
add_payload parse_add(const json& args, std::size_t max_ids);
id_t parse_leave(const json& args);                  ///< {roomId}
std::vector<id_t> parse_watch(const json& args, std::size_t max_ids);  ///< {userIds}

}  // namespace chat
