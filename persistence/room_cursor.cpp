// The room-list cursor: text both ways, refused unless it has the shape encode_cursor gives.
#include "persistence/room_cursor.hpp"

#include <charconv>

#include "messages/chat_error.hpp"

namespace chat::persistence {

std::string encode_cursor(std::string_view last_activity, id_t id) {
  return std::string{last_activity} + "_" + std::to_string(id);
}

room_cursor decode_cursor(std::string_view text) {
  auto sep = text.rfind('_');
  room_cursor out;
  if (sep != std::string_view::npos && sep > 0) {
    auto digits = text.substr(sep + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.id);
    if (ec == std::errc{} && end == digits.data() + digits.size() && out.id > 0) {
      out.last_activity = std::string{text.substr(0, sep)};
      return out;
    }
  }
  throw chat_error(chat_errc::bad_request, "invalid cursor");
}

}  // namespace chat::persistence
