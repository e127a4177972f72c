// Payload validation of socket events, with the field readers REST uses too
// (messages/json_fields.hpp): ids are positive JSON integers, lengths count code points.
#include "actors/chat/event_validation.hpp"

#include "common/utf8.hpp"
#include "messages/json_fields.hpp"

namespace chat {

using namespace fields;

send_payload parse_message_send(const json& args, std::size_t max_body_chars) {
  const auto& p = event_payload(args);
  send_payload out;
  out.room_id = id_field(p, "roomId");
  // The body has rules of its own: empty is a bad request, too long is too large.
  out.body = string_field(p, "body");
  auto n = utf8_length(out.body);
  if (n == std::string::npos)
    throw chat_error(chat_errc::bad_request, "body is not valid UTF-8");
  if (n == 0)
    throw chat_error(chat_errc::bad_request, "body must not be empty");
  if (n > max_body_chars)
    throw chat_error(chat_errc::payload_too_large,
                     "body is longer than " + std::to_string(max_body_chars) + " characters");
  out.parent_id = optional_int(p, "parentId", 1, INT64_MAX, 0);
  if (auto cid = p.find("clientMsgId"); cid != p.end() && !cid->is_null())
    out.client_msg_id = text_field(p, "clientMsgId", 1, 128);
  return out;
}

history_payload parse_history(const json& args) {
  const auto& p = event_payload(args);
  history_payload out;
  out.room_id = id_field(p, "roomId");
  out.before = optional_int(p, "before", 1, INT64_MAX, INT64_MAX);
  out.limit = static_cast<int>(optional_int(p, "limit", 1, 200, 50));
  return out;
}

sync_payload parse_sync(const json& args) {
  const auto& p = event_payload(args);
  return {id_field(p, "roomId"), int_field(p, "afterSeq", 0, INT64_MAX),
          static_cast<int>(optional_int(p, "limit", 1, 200, 100))};
}

read_payload parse_read(const json& args) {
  const auto& p = event_payload(args);
  return {id_field(p, "roomId"), int_field(p, "seq", 0, INT64_MAX)};
}

typing_payload parse_typing(const json& args) {
  const auto& p = event_payload(args);
  return {id_field(p, "roomId"), bool_field(p, "typing")};
}

id_t parse_direct(const json& args) {
  return id_field(event_payload(args), "userId");
}

create_payload parse_create(const json& args, std::size_t max_ids) {
  const auto& p = event_payload(args);
  create_payload out;
  out.name = text_field(p, "name", 1, 100);
  out.member_ids = id_list(p, "memberIds", max_ids);
  return out;
}

add_payload parse_add(const json& args, std::size_t max_ids) {
  const auto& p = event_payload(args);
  add_payload out;
  out.room_id = id_field(p, "roomId");
  out.user_ids = id_list(p, "userIds", max_ids);
  if (out.user_ids.empty())
    throw chat_error(chat_errc::bad_request, "userIds must not be empty");
  return out;
}

id_t parse_leave(const json& args) {
  return id_field(event_payload(args), "roomId");
}

std::vector<id_t> parse_watch(const json& args, std::size_t max_ids) {
  return id_list(event_payload(args), "userIds", max_ids);
}

}  // namespace chat
