// UTF-8 validation and length (see utf8.hpp).
#include "common/utf8.hpp"

#include <cstdint>
#include <string>

namespace chat {

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t count = 0;
  std::size_t i = 0;
  const auto n = text.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) { ++i; ++count; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return std::string::npos;
    if (i + len > n)
      return std::string::npos;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80)
        return std::string::npos;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Shortest form only; no surrogates; nothing past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)
        || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return std::string::npos;
    i += len;
    ++count;
  }
  return count;
}

}  // namespace chat
