// Every event's payload validation (actors/chat/event_validation.cpp over the shared field
// readers of messages/json_fields.cpp): the input is read as a packet's JSON is
// (js_json, JSON.parse's rules), then handed to each event's parser. Each either returns a
// payload within the contract's rules or throws chat_error; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actors/chat/event_validation.hpp"
#include "common/utf8.hpp"
#include "net/socketio/js_json.hpp"
#include "net/socketio/packet.hpp"

using namespace chat;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

bool valid_text(const std::string& s, std::size_t min, std::size_t max) {
  const auto n = utf8_length(s);
  return n != std::string::npos && n >= min && n <= max;
}

bool positive_ids(const std::vector<chat::id_t>& ids, std::size_t max) {
  if (ids.size() > max) return false;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] < 1 || (i > 0 && ids[i] <= ids[i - 1])) return false;  // sorted, distinct
  return true;
}

template <class F>
void attempt(F&& f) {
  try {
    f();
  } catch (const chat_error&) {
    // refused with a contract error: fine
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = socketio::parse_js_json(text, socketio::max_json_depth);
  if (!parsed) return 0;
  const json args = parsed->is_array() ? std::move(*parsed) : json::array({std::move(*parsed)});

  attempt([&] {
    const auto p = parse_message_send(args, 50);
    require(p.room_id >= 1 && valid_text(p.body, 1, 50) && p.parent_id >= 0);
    require(p.client_msg_id.empty() || valid_text(p.client_msg_id, 1, 128));
  });
  attempt([&] {
    const auto p = parse_history(args);
    require(p.room_id >= 1 && p.before >= 1 && p.limit >= 1 && p.limit <= 200);
  });
  attempt([&] {
    const auto p = parse_sync(args);
    require(p.room_id >= 1 && p.after_seq >= 0 && p.limit >= 1 && p.limit <= 200);
  });
  attempt([&] {
    const auto p = parse_read(args);
    require(p.room_id >= 1 && p.seq >= 0);
  });
  attempt([&] { require(parse_typing(args).room_id >= 1); });
  attempt([&] { require(parse_direct(args) >= 1); });
  attempt([&] {
    const auto p = parse_create(args, 5);
    require(valid_text(p.name, 1, 100) && positive_ids(p.member_ids, 5));
  });
  attempt([&] {
    const auto p = parse_add(args, 5);
    require(p.room_id >= 1 && !p.user_ids.empty() && positive_ids(p.user_ids, 5));
  });
  attempt([&] { require(parse_leave(args) >= 1); });
  attempt([&] { require(positive_ids(parse_watch(args, 5), 5)); });
  return 0;
}
