// JSON encoding of the domain objects (see wire_json.hpp).
#include "messages/wire_json.hpp"

namespace chat {

json user_json(const user_info& user, bool online) {
  return {{"id", user.id}, {"username", user.username}, {"online", online}};
}

json member_json(const user_info& user) {
  return {{"id", user.id}, {"username", user.username}};
}

json room_json(const room_info& room) {
  json members = json::array();
  for (const auto& m : room.members)
    members.push_back(member_json(m));
  json j;
  j["id"] = room.id;
  j["kind"] = room.kind;
  j["name"] = room.kind == "direct" ? json(nullptr) : json(room.name);
  j["members"] = std::move(members);
  j["lastSeq"] = room.last_seq;
  j["createdAt"] = room.created_at;
  return j;
}

json message_json(const message_info& m) {
  json j;
  j["id"] = m.id;
  j["roomId"] = m.room_id;
  j["seq"] = m.seq;
  j["senderId"] = m.sender_id;
  j["body"] = m.body;
  j["parentId"] = m.parent_id == 0 ? json(nullptr) : json(m.parent_id);
  j["clientMsgId"] = m.client_msg_id.empty() ? json(nullptr) : json(m.client_msg_id);
  j["createdAt"] = m.created_at;
  return j;
}

json error_body(chat_errc code, std::string_view message) {
  return {{"error", {{"code", code_string(code)}, {"message", message}}}};
}

json error_ack(chat_errc code, std::string_view message) {
  return {{"ok", false}, {"error", {{"code", code_string(code)}, {"message", message}}}};
}

}  // namespace chat
