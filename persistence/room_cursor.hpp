// The room list's keyset cursor, shared by every backend: "<last_activity>_<room id>" of the
// last entry served. ISO-8601 times sort as text and the id breaks ties, so the keyset is total.
#pragma once

#include <string>
#include <string_view>

#include "messages/domain.hpp"

namespace chat::persistence {

struct room_cursor {
  std::string last_activity;
  id_t id = 0;
};

std::string encode_cursor(std::string_view last_activity, id_t id);

/// Throws chat_error(bad_request) for a cursor encode_cursor did not make.
room_cursor decode_cursor(std::string_view text);

}  // namespace chat::persistence
