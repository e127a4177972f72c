// Reading the contract's input: typed fields of JSON objects, shared by the socket events
// (actors/chat/event_validation) and the REST API (actors/rest/input). Each reader throws
// chat_error(bad_request) naming the field and the rule it broke, so both surfaces answer a
// broken field with the same words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/chat_error.hpp"
#include "messages/domain.hpp"
#include "messages/wire_json.hpp"

namespace chat::fields {

/// A request body that must be one JSON object (not invalid JSON or UTF-8, an array, a
/// string, or empty).
json parse_object(std::string_view body);

/// The first argument of a socket event, which must be an object.
const json& event_payload(const json& args);

/// A required string, as sent.
std::string string_field(const json& obj, std::string_view key);

/// A required string of valid UTF-8 with min_chars..max_chars code points.
std::string text_field(const json& obj, std::string_view key, std::size_t min_chars,
                       std::size_t max_chars);

/// A required JSON integer in [min, max] (1.5 and "1" are not integers).
std::int64_t int_field(const json& obj, std::string_view key, std::int64_t min,
                       std::int64_t max);

/// An integer in [min, max], or `fallback` when absent or null.
std::int64_t optional_int(const json& obj, std::string_view key, std::int64_t min,
                          std::int64_t max, std::int64_t fallback);

/// A required id: a positive 64-bit integer.
id_t id_field(const json& obj, std::string_view key);

/// A required boolean.
bool bool_field(const json& obj, std::string_view key);

/// A required array of at most `max_ids` ids, sorted, duplicates removed.
std::vector<id_t> id_list(const json& obj, std::string_view key, std::size_t max_ids);

}  // namespace chat::fields
