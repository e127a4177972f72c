// Maps a request target to the handler mounted at its longest matching prefix.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/http/handler.hpp"

namespace chat::http {

/// Prefixes match whole path segments: "/api" serves "/api", "/api/me" and "/api?x", not
/// "/apix"; a prefix ending in '/' ("/socket.io/") serves everything below it. Mount before
/// the server runs: lookups are not synchronized with mounts.
class router {
 public:
  void mount(std::string prefix, std::shared_ptr<handler> h);
  /// The handler for `target` (path and query), or null.
  std::shared_ptr<handler> find(std::string_view target) const;

  /// True when `prefix` serves `target` (exposed for tests).
  static bool matches(std::string_view prefix, std::string_view target) noexcept;

 private:
  struct entry {
    std::string prefix;
    std::shared_ptr<handler> h;
  };
  std::vector<entry> entries_;  // longest prefix first
};

}  // namespace chat::http
