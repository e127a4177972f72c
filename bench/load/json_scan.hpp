// Reads fields out of JSON text without building a DOM: the load generator looks at a few
// fields of every ack and delivery (ok, error.code, message.body), and a DOM per frame would
// cost it more CPU than the server it measures spends on some of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace chat::load::json {

/// The length of the one JSON value at the start of `text` (after leading whitespace, which
/// it includes), or nothing when `text` does not start with a well-formed value. Strings are
/// skipped escape-aware; numbers and literals are not checked beyond their characters.
std::optional<std::size_t> value_length(std::string_view text);

/// The raw text of member `key` of the object `object` (top level only), or nothing when
/// `object` is not an object or has no such key. Keys are compared as written (no unescaping);
/// the text after the member found is not looked at.
std::optional<std::string_view> member(std::string_view object, std::string_view key);

/// The raw text of element `index` of the array `array`, or nothing.
std::optional<std::string_view> element(std::string_view array, std::size_t index);

/// The characters between the quotes of a string value (escapes left as written), or nothing
/// when `raw` is not a string.
std::optional<std::string_view> string_of(std::optional<std::string_view> raw);

/// A JSON integer, or nothing when `raw` is not one (fractions and exponents are not).
std::optional<std::int64_t> integer_of(std::optional<std::string_view> raw);

/// true / false, or nothing.
std::optional<bool> bool_of(std::optional<std::string_view> raw);

}  // namespace chat::load::json
