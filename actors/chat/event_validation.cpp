// Payload validation of socket events: strict types (ids are positive JSON integers), the
// body/clientMsgId/name lengths in code points, valid UTF-8 everywhere a string is kept.
#include "actors/chat/event_validation.hpp"

#include <algorithm>

namespace chat {

namespace {

[[noreturn]] void bad(const std::string& what) {
  throw chat_error(chat_errc::bad_request, what);
}

const json& payload_of(const json& args) {
  if (!args.is_array() || args.empty() || !args[0].is_object())
    bad("payload must be an object");
  return args[0];
}

bool is_int(const json& v) {
  return v.is_number_integer();  // true for signed and unsigned integers, false for 1.5
}

std::int64_t int_field(const json& p, const char* key, std::int64_t min, std::int64_t max) {
  auto it = p.find(key);
  if (it == p.end() || !is_int(*it))
    bad(std::string{key} + " must be an integer");
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    bad(std::string{key} + " is out of range");
  auto v = it->get<std::int64_t>();
  if (v < min || v > max)
    bad(std::string{key} + " is out of range");
  return v;
}

id_t id_field(const json& p, const char* key) {
  return int_field(p, key, 1, INT64_MAX);
}

/// Absent or null -> `fallback`.
std::int64_t optional_int(const json& p, const char* key, std::int64_t min, std::int64_t max,
                          std::int64_t fallback) {
  auto it = p.find(key);
  if (it == p.end() || it->is_null())
    return fallback;
  return int_field(p, key, min, max);
}

std::string string_field(const json& p, const char* key, std::size_t min_chars,
                         std::size_t max_chars) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_string())
    bad(std::string{key} + " must be a string");
  const auto& s = it->get_ref<const std::string&>();
  auto n = utf8_length(s);
  if (n == std::string::npos)
    bad(std::string{key} + " is not valid UTF-8");
  if (n < min_chars || n > max_chars)
    bad(std::string{key} + " must be " + std::to_string(min_chars) + ".."
        + std::to_string(max_chars) + " characters");
  return s;
}

std::vector<id_t> id_list(const json& p, const char* key, std::size_t max_ids) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_array())
    bad(std::string{key} + " must be an array of ids");
  if (it->size() > max_ids)
    bad(std::string{key} + " has too many ids");
  std::vector<id_t> out;
  out.reserve(it->size());
  for (const auto& v : *it) {
    if (!is_int(v) || (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX)
        || v.get<std::int64_t>() < 1)
      bad(std::string{key} + " must be an array of ids");
    out.push_back(v.get<std::int64_t>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

send_payload parse_message_send(const json& args, std::size_t max_body_chars) {
  const auto& p = payload_of(args);
  send_payload out;
  out.room_id = id_field(p, "roomId");
  auto body = p.find("body");
  if (body == p.end() || !body->is_string())
    bad("body must be a string");
  const auto& text = body->get_ref<const std::string&>();
  auto n = utf8_length(text);
  if (n == std::string::npos)
    bad("body is not valid UTF-8");
  if (n == 0)
    bad("body must not be empty");
  if (n > max_body_chars)
    throw chat_error(chat_errc::payload_too_large,
                     "body is longer than " + std::to_string(max_body_chars) + " characters");
  out.body = text;
  out.parent_id = optional_int(p, "parentId", 1, INT64_MAX, 0);
  auto cid = p.find("clientMsgId");
  if (cid != p.end() && !cid->is_null())
    out.client_msg_id = string_field(p, "clientMsgId", 1, 128);
  return out;
}

history_payload parse_history(const json& args) {
  const auto& p = payload_of(args);
  history_payload out;
  out.room_id = id_field(p, "roomId");
  out.before = optional_int(p, "before", 1, INT64_MAX, INT64_MAX);
  out.limit = static_cast<int>(optional_int(p, "limit", 1, 200, 50));
  return out;
}

sync_payload parse_sync(const json& args) {
  const auto& p = payload_of(args);
  return {id_field(p, "roomId"), optional_int(p, "afterSeq", 0, INT64_MAX, 0)};
}

read_payload parse_read(const json& args) {
  const auto& p = payload_of(args);
  return {id_field(p, "roomId"), int_field(p, "seq", 0, INT64_MAX)};
}

typing_payload parse_typing(const json& args) {
  const auto& p = payload_of(args);
  typing_payload out;
  out.room_id = id_field(p, "roomId");
  auto it = p.find("typing");
  if (it == p.end() || !it->is_boolean())
    bad("typing must be a boolean");
  out.typing = it->get<bool>();
  return out;
}

id_t parse_direct(const json& args) {
  return id_field(payload_of(args), "userId");
}

create_payload parse_create(const json& args, std::size_t max_ids) {
  const auto& p = payload_of(args);
  create_payload out;
  out.name = string_field(p, "name", 1, 100);
  out.member_ids = id_list(p, "memberIds", max_ids);
  return out;
}

add_payload parse_add(const json& args, std::size_t max_ids) {
  const auto& p = payload_of(args);
  add_payload out;
  out.room_id = id_field(p, "roomId");
  out.user_ids = id_list(p, "userIds", max_ids);
  if (out.user_ids.empty())
    bad("userIds must not be empty");
  return out;
}

id_t parse_leave(const json& args) {
  return id_field(payload_of(args), "roomId");
}

std::vector<id_t> parse_watch(const json& args, std::size_t max_ids) {
  return id_list(payload_of(args), "userIds", max_ids);
}

}  // namespace chat
