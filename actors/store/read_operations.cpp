// The multi-query reads. They run inside a reader's read transaction: one snapshot.
#include "actors/store/read_operations.hpp"

#include "common/clock.hpp"
#include "messages/chat_error.hpp"
#include "messages/wire_json.hpp"

namespace chat::reads {

using persistence::repositories;

std::string issued_since(std::chrono::seconds ttl) {
  if (ttl.count() <= 0)
    return {};
  return iso8601(std::chrono::system_clock::now() - ttl);
}

user_info authenticate(repositories& r, const bearer& token) {
  auto user_id = r.tokens.user_of(token.token_hash, token.issued_since);
  if (!user_id)
    throw chat_error(chat_errc::unauthorized, "invalid or expired token");
  auto user = r.users.find(*user_id);
  if (!user)
    throw chat_error(chat_errc::unauthorized, "invalid or expired token");
  return *user;
}

std::pair<std::vector<user_info>, std::string>
users_page(repositories& r, const bearer& token, const std::string& after, int limit) {
  auto me = authenticate(r, token);
  // One more than asked tells whether another page exists.
  auto users = r.users.list(me.id, after, limit + 1);
  std::string next;
  if (users.size() > static_cast<std::size_t>(limit)) {
    users.resize(static_cast<std::size_t>(limit));
    next = users.back().username;
  }
  return {std::move(users), std::move(next)};
}

std::string rooms_page(repositories& r, const bearer& token, const std::string& after,
                       int limit) {
  auto me = authenticate(r, token);
  auto page = r.rooms.list_for(me.id, after, limit);
  json rooms = json::array();
  for (const auto& summary : page.rooms) {
    auto room = room_json(summary.room);
    room["lastMessage"] = summary.last_message ? message_json(*summary.last_message) : json(nullptr);
    room["unread"] = summary.unread;
    rooms.push_back(std::move(room));
  }
  json body;
  body["rooms"] = std::move(rooms);
  body["nextCursor"] = page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor);
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string messages_page(repositories& r, const bearer& token, id_t room_id,
                          std::int64_t before, int limit) {
  auto me = authenticate(r, token);
  // An unknown room and a foreign room look the same: forbidden, nothing about the room.
  if (!r.rooms.is_member(room_id, me.id))
    throw chat_error(chat_errc::forbidden, "not a member of this room");
  auto page = r.messages.before(room_id, before, limit);
  json messages = json::array();
  for (const auto& m : page)
    messages.push_back(message_json(m));
  json body;
  body["messages"] = std::move(messages);
  // seqs are gapless from 1: older messages exist exactly when the oldest here is past 1.
  body["nextBefore"] = !page.empty() && page.back().seq > 1 ? json(page.back().seq) : json(nullptr);
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace chat::reads
