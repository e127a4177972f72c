// The field readers. Strict types: ids are positive JSON integers; strings are counted in code
// points. nlohmann's parser already rejects invalid UTF-8 in bodies it parses.
#include "messages/json_fields.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace chat::fields {

namespace {

[[noreturn]] void bad(std::string_view key, std::string_view rule) {
  throw chat_error(chat_errc::bad_request, std::string{key} + " " + std::string{rule});
}

/// The field, which must be present (a null counts as present: its type is checked next).
const json& required(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end())
    bad(key, "is required");
  return *it;
}

/// A JSON integer within int64 (nlohmann stores big positive ones as unsigned).
bool fits_int64(const json& v) {
  return v.is_number_integer()
         && !(v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX));
}

}  // namespace

json parse_object(std::string_view body) {
  json value;
  try {
    value = json::parse(body.begin(), body.end());
  } catch (const json::exception&) {
    throw chat_error(chat_errc::bad_request, "the body is not valid JSON");
  }
  if (!value.is_object())
    throw chat_error(chat_errc::bad_request, "the body must be a JSON object");
  return value;
}

const json& event_payload(const json& args) {
  if (!args.is_array() || args.empty() || !args[0].is_object())
    throw chat_error(chat_errc::bad_request, "payload must be an object");
  return args[0];
}

std::string string_field(const json& obj, std::string_view key) {
  const auto& v = required(obj, key);
  if (!v.is_string())
    bad(key, "must be a string");
  return v.get<std::string>();
}

std::string text_field(const json& obj, std::string_view key, std::size_t min_chars,
                       std::size_t max_chars) {
  auto s = string_field(obj, key);
  auto n = utf8_length(s);
  if (n == std::string::npos)
    bad(key, "is not valid UTF-8");
  if (n < min_chars || n > max_chars)
    bad(key, "must be " + std::to_string(min_chars) + ".." + std::to_string(max_chars)
               + " characters");
  return s;
}

std::int64_t int_field(const json& obj, std::string_view key, std::int64_t min,
                       std::int64_t max) {
  const auto& v = required(obj, key);
  if (!v.is_number_integer())
    bad(key, "must be an integer");
  if (!fits_int64(v))
    bad(key, "is out of range");
  auto n = v.get<std::int64_t>();
  if (n < min || n > max)
    bad(key, "is out of range");
  return n;
}

std::int64_t optional_int(const json& obj, std::string_view key, std::int64_t min,
                          std::int64_t max, std::int64_t fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null())
    return fallback;
  return int_field(obj, key, min, max);
}

id_t id_field(const json& obj, std::string_view key) {
  return int_field(obj, key, 1, INT64_MAX);
}

bool bool_field(const json& obj, std::string_view key) {
  const auto& v = required(obj, key);
  if (!v.is_boolean())
    bad(key, "must be a boolean");
  return v.get<bool>();
}

std::vector<id_t> id_list(const json& obj, std::string_view key, std::size_t max_ids) {
  const auto& list = required(obj, key);
  if (!list.is_array())
    bad(key, "must be an array of ids");
  if (list.size() > max_ids)
    bad(key, "has too many ids");
  std::vector<id_t> out;
  out.reserve(list.size());
  for (const auto& v : list) {
    if (!fits_int64(v) || v.get<std::int64_t>() < 1)
      bad(key, "must be an array of ids");
    out.push_back(v.get<std::int64_t>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace chat::fields
