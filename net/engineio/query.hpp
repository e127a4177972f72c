// The query parameters Engine.IO cares about (EIO, transport, sid); the rest is ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chat::engineio {

struct query {
  std::optional<std::string> eio;
  std::optional<std::string> transport;
  std::optional<std::string> sid;
};

/// Parses the query of a request target ("/engine.io/?EIO=4&transport=polling&t=x"),
/// percent-decoding values. Unknown keys are ignored; the last repeated key wins.
query parse_query(std::string_view target);

}  // namespace chat::engineio
