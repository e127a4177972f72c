// JSON read as JSON.parse reads it (net/socketio/js_json.cpp), differentially: whatever
// nlohmann's parser accepts must come out as the same value and type; nothing may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/socketio/js_json.hpp"
#include "net/socketio/packet.hpp"

using chat::socketio::json;
using chat::socketio::parse_js_json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ours = parse_js_json(text, chat::socketio::max_json_depth);
  if (ours) (void)ours->dump(-1, ' ', false, json::error_handler_t::replace);
  // Where the two differ by design: nesting past our bound (read it without one to compare);
  // a leading UTF-8 byte order mark, which nlohmann skips and JSON.parse refuses; and a NUL
  // byte, where nlohmann's lexer ends the input ("[1]\0junk" is [1]) and JSON.parse refuses
  // the rest (so do we: compare what precedes the NUL).
  if (text.starts_with("\xEF\xBB\xBF")) return 0;
  const auto prefix = text.substr(0, text.find('\0'));
  ours = parse_js_json(prefix, size + 1);
  const auto theirs = json::parse(prefix.begin(), prefix.end(), nullptr, /*allow_exceptions=*/false);
  if (theirs.is_discarded()) return 0;
  if (!ours || *ours != theirs || ours->type() != theirs.type()) std::abort();
  return 0;
}
