// REST jobs. They run on the store's or a reader's thread, where blocking SQLite calls are
// allowed; they throw chat_error for contract errors (the persistence actors turn those into
// caf::errors) and render big JSON bodies here, off the scheduler.
#include "actors/store/rest_jobs.hpp"

#include <caf/make_message.hpp>

#include "messages/type_ids.hpp"
#include "messages/wire_json.hpp"
#include "persistence/credentials.hpp"

namespace chat::rest {

using persistence::repositories;

user_info authenticate(repositories& repos, const std::string& token_hash) {
  auto user_id = repos.tokens.user_of(token_hash);
  if (!user_id)
    throw chat_error(chat_errc::unauthorized, "invalid or expired token");
  auto user = repos.users.find(*user_id);
  if (!user)
    throw chat_error(chat_errc::unauthorized, "invalid or expired token");
  return *user;
}

read_job me_job(std::string token_hash) {
  return {[th = std::move(token_hash)](repositories& repos) {
    return caf::make_message(user_page{{authenticate(repos, th)}, {}});
  }};
}

read_job users_job(std::string token_hash, std::string after, int limit) {
  return {[th = std::move(token_hash), after = std::move(after), limit](repositories& repos) {
    auto me = authenticate(repos, th);
    // One more than asked tells whether another page exists.
    auto users = repos.users.list(me.id, after, limit + 1);
    user_page page;
    if (users.size() > static_cast<std::size_t>(limit)) {
      users.resize(static_cast<std::size_t>(limit));
      page.next_cursor = users.back().username;
    }
    page.users = std::move(users);
    return caf::make_message(std::move(page));
  }};
}

read_job rooms_job(std::string token_hash, std::string after, int limit) {
  return {[th = std::move(token_hash), after = std::move(after), limit](repositories& repos) {
    auto me = authenticate(repos, th);
    auto page = repos.rooms.list_for(me.id, after, limit);
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
    return caf::make_message(body.dump(-1, ' ', false, json::error_handler_t::replace));
  }};
}

read_job messages_job(std::string token_hash, id_t room_id, std::int64_t before, int limit) {
  return {[th = std::move(token_hash), room_id, before, limit](repositories& repos) {
    auto me = authenticate(repos, th);
    // An unknown room and a foreign room look the same: forbidden, nothing about the room.
    if (!repos.rooms.is_member(room_id, me.id))
      throw chat_error(chat_errc::forbidden, "not a member of this room");
    auto page = repos.messages.before(room_id, before, limit);
    json messages = json::array();
    for (const auto& m : page)
      messages.push_back(message_json(m));
    json body;
    body["messages"] = std::move(messages);
    // seqs are gapless from 1: older messages exist exactly when the oldest here is past 1.
    body["nextBefore"] = !page.empty() && page.back().seq > 1 ? json(page.back().seq) : json(nullptr);
    return caf::make_message(body.dump(-1, ' ', false, json::error_handler_t::replace));
  }};
}

read_job credentials_job(std::string username) {
  return {[name = std::move(username)](repositories& repos) {
    return caf::make_message(credentials_result{repos.users.find_by_name(name)});
  }};
}

write_job register_job(std::string username, std::string password_hash, std::string token) {
  return {[name = std::move(username), hash = std::move(password_hash),
           token = std::move(token)](repositories& repos) {
    auto user = repos.users.create(name, hash);
    repos.tokens.insert(persistence::token_hash(token), user.id);
    return caf::make_message(session_result{std::move(user), token});
  }};
}

write_job pseudo_login_job(std::string username, std::string token) {
  return {[name = std::move(username), token = std::move(token)](repositories& repos) {
    auto user = repos.users.get_or_create(name);
    repos.tokens.insert(persistence::token_hash(token), user.id);
    return caf::make_message(session_result{std::move(user), token});
  }};
}

write_job token_job(user_info user, std::string token) {
  return {[user = std::move(user), token = std::move(token)](repositories& repos) {
    repos.tokens.insert(persistence::token_hash(token), user.id);
    return caf::make_message(session_result{user, token});
  }};
}

write_job logout_job(std::string token_hash) {
  return {[th = std::move(token_hash)](repositories& repos) {
    return caf::make_message(repos.tokens.remove(th));
  }};
}

}  // namespace chat::rest
