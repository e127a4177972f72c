// A forward scanner over JSON text: skips values by their brackets and string quotes.
#include "bench/load/json_scan.hpp"

#include <charconv>

namespace chat::load::json {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos]))
    ++pos;
  return pos;
}

/// `pos` is at an opening quote; the position just past the closing one, or npos.
std::size_t skip_string(std::string_view text, std::size_t pos) {
  for (++pos; pos < text.size(); ++pos) {
    if (text[pos] == '\\')
      ++pos;
    else if (text[pos] == '"')
      return pos + 1;
  }
  return std::string_view::npos;
}

/// The value starting at `pos` (no leading space), as its raw text.
std::optional<std::string_view> value_at(std::string_view text, std::size_t pos) {
  auto length = value_length(text.substr(pos));
  if (!length)
    return std::nullopt;
  return text.substr(pos, *length);
}

/// Walks the members (or elements) of the container `text` opens with `open`; `visit` gets
/// each key (empty for arrays) and value and returns true to stop there.
template <class Visit>
std::optional<std::string_view> walk(std::string_view text, char open, char close, Visit visit) {
  auto pos = skip_space(text, 0);
  if (pos >= text.size() || text[pos] != open)
    return std::nullopt;
  pos = skip_space(text, pos + 1);
  if (pos < text.size() && text[pos] == close)
    return std::nullopt;
  for (std::size_t index = 0;; ++index) {
    std::string_view key;
    if (open == '{') {
      if (pos >= text.size() || text[pos] != '"')
        return std::nullopt;
      auto end = skip_string(text, pos);
      if (end == std::string_view::npos)
        return std::nullopt;
      key = text.substr(pos + 1, end - pos - 2);
      pos = skip_space(text, end);
      if (pos >= text.size() || text[pos] != ':')
        return std::nullopt;
      pos = skip_space(text, pos + 1);
    }
    auto value = value_at(text, pos);
    if (!value)
      return std::nullopt;
    if (visit(key, index))
      return value;
    pos = skip_space(text, pos + value->size());
    if (pos >= text.size() || text[pos] != ',')
      return std::nullopt;
    pos = skip_space(text, pos + 1);
  }
}

}  // namespace

std::optional<std::size_t> value_length(std::string_view text) {
  auto start = skip_space(text, 0);
  if (start >= text.size())
    return std::nullopt;
  char first = text[start];
  if (first == '"') {
    auto end = skip_string(text, start);
    if (end == std::string_view::npos)
      return std::nullopt;
    return end;
  }
  if (first == '{' || first == '[') {
    int depth = 0;
    for (auto pos = start; pos < text.size();) {
      char c = text[pos];
      if (c == '"') {
        pos = skip_string(text, pos);
        if (pos == std::string_view::npos)
          return std::nullopt;
        continue;
      }
      if (c == '{' || c == '[')
        ++depth;
      else if ((c == '}' || c == ']') && --depth == 0)
        return pos + 1;
      ++pos;
    }
    return std::nullopt;
  }
  auto pos = start;
  while (pos < text.size()
         && ((text[pos] >= '0' && text[pos] <= '9') || (text[pos] >= 'a' && text[pos] <= 'z')
             || text[pos] == '-' || text[pos] == '+' || text[pos] == '.' || text[pos] == 'E'))
    ++pos;
  if (pos == start)
    return std::nullopt;
  return pos;
}

std::optional<std::string_view> member(std::string_view object, std::string_view key) {
  return walk(object, '{', '}',
              [key](std::string_view name, std::size_t) { return name == key; });
}

std::optional<std::string_view> element(std::string_view array, std::size_t index) {
  return walk(array, '[', ']',
              [index](std::string_view, std::size_t at) { return at == index; });
}

std::optional<std::string_view> string_of(std::optional<std::string_view> raw) {
  if (!raw || raw->size() < 2 || raw->front() != '"' || raw->back() != '"')
    return std::nullopt;
  return raw->substr(1, raw->size() - 2);
}

std::optional<std::int64_t> integer_of(std::optional<std::string_view> raw) {
  if (!raw || raw->empty())
    return std::nullopt;
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), out);
  if (ec != std::errc{} || end != raw->data() + raw->size())
    return std::nullopt;
  return out;
}

std::optional<bool> bool_of(std::optional<std::string_view> raw) {
  if (raw == "true")
    return true;
  if (raw == "false")
    return false;
  return std::nullopt;
}

}  // namespace chat::load::json
