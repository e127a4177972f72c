// Input validation of the REST API. nlohmann's parser already rejects invalid UTF-8 inside
// strings, so the checks here only count code points and look for control characters.
#include "actors/rest/input.hpp"

#include "common/utf8.hpp"

#include <cctype>
#include <charconv>

namespace chat::rest {

namespace {

[[noreturn]] void bad(const std::string& message) {
  throw chat_error(chat_errc::bad_request, message);
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size())
        bad("bad percent-escape in the query string");
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0)
        bad("bad percent-escape in the query string");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

// C0 controls, DEL, and C1 controls (U+0080..U+009F, encoded as C2 80..C2 9F).
bool has_control(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F)
      return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F)
      return true;
  }
  return false;
}

}  // namespace

void check_username(std::string_view name) {
  auto len = utf8_length(name);
  if (len == std::string::npos)
    bad("username must be valid UTF-8");
  if (len == 0)
    bad("username must not be empty");
  if (len > max_username_chars)
    bad("username must be at most 64 characters");
  if (has_control(name))
    bad("username must not contain control characters");
  if (name.front() == ' ' || name.back() == ' ')
    bad("username must not start or end with a space");
}

void check_password(std::string_view password) {
  auto len = utf8_length(password);
  if (len == std::string::npos)
    bad("password must be valid UTF-8");
  if (len == 0)
    bad("password must not be empty");
  if (len > max_password_chars)
    bad("password must be at most 1024 characters");
}

std::optional<std::string> target::param(std::string_view key) const {
  auto it = query.find(key);
  if (it == query.end())
    return std::nullopt;
  return it->second;
}

target parse_target(std::string_view raw) {
  target t;
  auto q = raw.find('?');
  t.path = std::string{raw.substr(0, q)};
  if (q == std::string_view::npos)
    return t;
  auto rest = raw.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty())
      continue;
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
    t.query[std::move(key)] = std::move(value);
  }
  return t;
}

std::optional<std::int64_t> to_positive(std::string_view text) noexcept {
  if (text.empty() || text.size() > 19)
    return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value <= 0)
    return std::nullopt;
  return value;
}

int parse_limit(const target& t) {
  auto text = t.param("limit");
  if (!text)
    return default_limit;
  auto value = to_positive(*text);
  if (!value || *value > max_limit)
    bad("limit must be an integer from 1 to 200");
  return static_cast<int>(*value);
}

std::optional<std::int64_t> parse_positive(const target& t, std::string_view key) {
  auto text = t.param(key);
  if (!text)
    return std::nullopt;
  auto value = to_positive(*text);
  if (!value)
    bad(std::string{key} + " must be a positive integer");
  return value;
}

std::string bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer ";
  auto lower_prefix = [&] {
    if (authorization.size() <= scheme.size())
      return false;
    for (std::size_t i = 0; i < scheme.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i])
        return false;
    return true;
  };
  if (!lower_prefix())
    throw chat_error(chat_errc::unauthorized, "missing bearer token");
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  if (token.empty() || token.size() > 512 || token.find(' ') != std::string_view::npos)
    throw chat_error(chat_errc::unauthorized, "malformed bearer token");
  return std::string{token};
}

}  // namespace chat::rest
