// Request target -> static file path (see static_path.hpp). Decoding comes before the checks,
// so "%2e%2e" and "%2f" are judged as the ".." and "/" they stand for.
#include "net/http/static_path.hpp"

namespace chat::http {

namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Percent-decodes `in`; nullopt on a truncated or non-hex escape.
std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

/// A segment of a decoded path may be any bytes but these: it is used as a file name.
bool acceptable_segment(std::string_view seg) noexcept {
  if (seg.empty() || seg.front() == '.') return false;  // "", ".", "..", ".git", ".env"
  for (unsigned char c : seg)
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  return true;
}

}  // namespace

std::optional<std::string> static_path(std::string_view target) {
  auto path = target.substr(0, target.find_first_of("?#"));
  if (path.empty() || path.front() != '/') return std::nullopt;  // absolute-form or garbage
  auto decoded = percent_decode(path);
  if (!decoded) return std::nullopt;
  std::string out = *decoded;
  if (out.back() == '/') out += "index.html";
  // Every segment between the slashes must be a plain name.
  std::size_t start = 1;
  while (start <= out.size()) {
    auto end = out.find('/', start);
    if (end == std::string::npos) end = out.size();
    if (!acceptable_segment(std::string_view{out}.substr(start, end - start))) return std::nullopt;
    start = end + 1;
  }
  return out;
}

}  // namespace chat::http
