// gzip compression (RFC 1952) of a whole buffer through zlib, for answers compressed once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chat::http {

/// `data` gzip-compressed at the best level; nullopt when zlib fails (out of memory).
std::optional<std::string> gzip_compress(std::string_view data);

}  // namespace chat::http
