// The chat path's persistence jobs: thin closures over the repositories; every rule that
// needs the transaction (seq, dedupe, parent check) lives in the repositories themselves.
#include "actors/store/chat_jobs.hpp"

#include <caf/make_message.hpp>

#include "common/clock.hpp"
#include "messages/type_ids.hpp"

namespace chat::jobs {

using persistence::repositories;

read_job authenticate(std::string token_hash) {
  return {[hash = std::move(token_hash)](repositories& r) {
    auto user_id = r.tokens.user_of(hash);
    if (!user_id)
      throw chat_error(chat_errc::unauthorized, "unauthorized");
    auto user = r.users.find(*user_id);
    if (!user)
      throw chat_error(chat_errc::unauthorized, "unauthorized");
    return caf::make_message(std::move(*user));
  }};
}

read_job room_ids_of(id_t user) {
  return {[user](repositories& r) { return caf::make_message(r.rooms.room_ids_of(user)); }};
}

read_job find_room(id_t room) {
  return {[room](repositories& r) {
    auto info = r.rooms.find(room);
    if (!info)
      throw chat_error(chat_errc::not_found, "no such room");
    return caf::make_message(std::move(*info));
  }};
}

write_job append(id_t room, id_t sender, std::string body, id_t parent,
                 std::string client_msg_id) {
  return {[m = persistence::new_message{room, sender, std::move(body), parent,
                                        std::move(client_msg_id)}](repositories& r) {
    auto res = r.messages.append(m, iso8601_now());
    return caf::make_message(std::move(res.message), res.duplicate);
  }};
}

read_job before(id_t room, std::int64_t before_seq, int limit) {
  return {[=](repositories& r) {
    return caf::make_message(r.messages.before(room, before_seq, limit));
  }};
}

read_job after(id_t room, std::int64_t after_seq, int limit) {
  return {[=](repositories& r) {
    return caf::make_message(r.messages.after(room, after_seq, limit));
  }};
}

write_job mark_read(id_t room, id_t user, std::int64_t seq) {
  return {[=](repositories& r) {
    return caf::make_message(static_cast<std::int64_t>(r.read_markers.mark(room, user, seq)));
  }};
}

write_job direct_room(id_t a, id_t b) {
  return {[=](repositories& r) {
    if (a == b)
      throw chat_error(chat_errc::bad_request, "a direct room needs another user");
    bool created = false;
    auto room = r.rooms.get_or_create_direct(a, b, created);
    return caf::make_message(std::move(room), created);
  }};
}

write_job create_group(std::string name, id_t creator, std::vector<id_t> members) {
  return {[name = std::move(name), creator, members = std::move(members)](repositories& r) {
    return caf::make_message(r.rooms.create_group(name, creator, members));
  }};
}

write_job add_members(id_t room, std::vector<id_t> users) {
  return {[room, users = std::move(users)](repositories& r) {
    return caf::make_message(r.rooms.add_members(room, users));
  }};
}

write_job remove_member(id_t room, id_t user) {
  return {[=](repositories& r) {
    r.rooms.remove_member(room, user);
    return caf::make_message(true);
  }};
}

}  // namespace chat::jobs
