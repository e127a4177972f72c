// JSON encoding of the domain objects (see wire_json.hpp).
#include "messages/wire_json.hpp"

#include <algorithm>

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

namespace {

/// Appends `s` as a JSON string. Printable ASCII without quote or backslash (nearly every
/// chat message) is copied as it is; anything else takes nlohmann's serializer, so escapes and
/// the replacement of invalid UTF-8 stay exactly those of dump().
void append_string(std::string& out, const std::string& s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

void append_field(std::string& out, const char* key, std::int64_t value) {
  out += key;
  out += std::to_string(value);
}

}  // namespace

std::string message_json_text(const message_info& m) {
  std::string out;
  out.reserve(160 + m.body.size() + m.client_msg_id.size());
  append_field(out, "{\"id\":", m.id);
  append_field(out, ",\"roomId\":", m.room_id);
  append_field(out, ",\"seq\":", m.seq);
  append_field(out, ",\"senderId\":", m.sender_id);
  out += ",\"body\":";
  append_string(out, m.body);
  if (m.parent_id == 0)
    out += ",\"parentId\":null";
  else
    append_field(out, ",\"parentId\":", m.parent_id);
  out += ",\"clientMsgId\":";
  if (m.client_msg_id.empty())
    out += "null";
  else
    append_string(out, m.client_msg_id);
  out += ",\"createdAt\":";
  append_string(out, m.created_at);
  out += '}';
  return out;
}

json error_body(chat_errc code, std::string_view message) {
  return {{"error", {{"code", code_string(code)}, {"message", message}}}};
}

json error_ack(chat_errc code, std::string_view message) {
  return {{"ok", false}, {"error", {{"code", code_string(code)}, {"message", message}}}};
}

}  // namespace chat
