// Turns a request target into the path of a static file, or refuses it: the one place that
// decides what a URL may name, so no target can climb out of the served folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chat::http {

/// The decoded path of `target` ("/a/b.js?v=1" -> "/a/b.js"; "/" and "/dir/" name their
/// index.html), or nullopt when the target is malformed or tries to escape: not starting with
/// '/', a bad %-escape, a NUL or other control byte, a backslash, an empty, "." or ".."
/// segment (also when written %2e%2e), or a segment starting with '.' (hidden files).
std::optional<std::string> static_path(std::string_view target);

}  // namespace chat::http
