// UTF-8 length in code points, with validation: the contract counts characters, not bytes,
// and accepts only valid UTF-8 (REST and socket payloads alike).
#pragma once

#include <cstddef>
#include <string_view>

namespace chat {

/// Code points in `text`, or npos when it is not valid UTF-8 (overlongs, surrogates,
/// values past U+10FFFF and truncated sequences are invalid).
std::size_t utf8_length(std::string_view text) noexcept;

}  // namespace chat
