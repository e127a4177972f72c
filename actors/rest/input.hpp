// What the REST API accepts: JSON bodies, usernames, passwords, query strings, bearer tokens.
// Pure functions (no CAF, no I/O); each throws chat_error(bad_request | unauthorized) with a
// message meant for the client.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "messages/chat_error.hpp"
#include "messages/json_fields.hpp"
#include "messages/wire_json.hpp"

namespace chat::rest {

/// Username rules: 1..64 characters (Unicode code points), no control characters
/// (U+0000..U+001F, U+007F..U+009F), no leading or trailing space.
constexpr std::size_t max_username_chars = 64;
/// Password rules: 1..1024 characters, anything else allowed (spaces, any script).
constexpr std::size_t max_password_chars = 1024;
/// `limit` query parameter: 1..200, default 50.
constexpr int max_limit = 200;
constexpr int default_limit = 50;

// The body and its fields are read with the shared readers of messages/json_fields.hpp.
using fields::parse_object;
using fields::string_field;

/// Checks a username against the rules above. Throws bad_request with the broken rule.
void check_username(std::string_view name);
/// Checks a password against the rules above. Throws bad_request.
void check_password(std::string_view password);


/// A request target split into its path and its decoded query parameters (last one wins).
struct target {
  std::string path;
  std::map<std::string, std::string, std::less<>> query;

  /// The parameter, if given.
  std::optional<std::string> param(std::string_view key) const;
};

/// Splits and percent-decodes ("+" is a space). Throws bad_request for a bad %-escape.
target parse_target(std::string_view raw);

/// `limit`: absent → default_limit; otherwise decimal digits 1..max_limit, else bad_request.
int parse_limit(const target& t);

/// An optional positive 64-bit integer parameter (`before`, an id). Throws bad_request.
std::optional<std::int64_t> parse_positive(const target& t, std::string_view key);
/// A positive 64-bit integer from text (a path segment). Nullopt when not one.
std::optional<std::int64_t> to_positive(std::string_view text) noexcept;

/// The token of an "Authorization: Bearer <token>" header value. Throws unauthorized when
/// missing or malformed.
std::string bearer_token(std::string_view authorization);

}  // namespace chat::rest
