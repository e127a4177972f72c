// The HTTP path and query parsers on any request target: Engine.IO's query
// (net/engineio/query.cpp) and the static files' path (net/http/static_path.cpp). A path that
// static_path accepts must be one the web client may serve: absolute, no empty, "." or ".."
// segment, no hidden name, no control byte or backslash, whatever the escapes said.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/engineio/query.hpp"
#include "net/http/static_path.hpp"

namespace {

bool servable(const std::string& path) {
  if (path.empty() || path.front() != '/' || path.back() == '/') return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string_view seg = std::string_view{path}.substr(start, end - start);
    if (seg.empty() || seg.front() == '.') return false;
    for (unsigned char c : seg)
      if (c < 0x20 || c == 0x7f || c == '\\') return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const auto q = chat::engineio::parse_query(target);
  if (q.sid && q.sid->size() > size) std::abort();  // decoding never grows a value
  if (const auto path = chat::http::static_path(target); path && !servable(*path)) std::abort();
  return 0;
}
