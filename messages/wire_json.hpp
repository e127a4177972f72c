// JSON encoding of the domain objects exactly as docs/protocol.md writes them (camelCase keys,
// null for "none"). ordered_json keeps the key order stable on the wire.
#pragma once

#include <nlohmann/json.hpp>

#include "messages/chat_error.hpp"
#include "messages/domain.hpp"

namespace chat {

using json = nlohmann::ordered_json;

/// User: {id, username, online}
json user_json(const user_info& user, bool online);
/// {id, username} as listed in Room.members
json member_json(const user_info& user);
/// Room: {id, kind, name, members, lastSeq, createdAt}
json room_json(const room_info& room);
/// Message: {id, roomId, seq, senderId, body, parentId, clientMsgId, createdAt}
json message_json(const message_info& message);
/// message_json(message) encoded, byte for byte what its compact dump gives (UTF-8 kept,
/// invalid bytes replaced), without building the DOM: the hot path's message:new and ack.
std::string message_json_text(const message_info& message);
/// {error: {code, message}} for REST bodies; {ok:false, error:{code,message}} for acks.
json error_body(chat_errc code, std::string_view message);
json error_ack(chat_errc code, std::string_view message);

}  // namespace chat
