// The persistence jobs of the chat path: each builds a write_job (store) or read_job
// (readers) and documents the reply message it produces. Thrown chat_errors come back as
// caf::errors (see persistence_jobs.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "actors/store/persistence_jobs.hpp"
#include "messages/domain.hpp"

namespace chat::jobs {

/// -> user_info of the token's user; unauthorized when the token is unknown.
read_job authenticate(std::string token_hash);
/// -> std::vector<id_t>: the rooms `user` belongs to.
read_job room_ids_of(id_t user);
/// -> room_info; not_found when there is no such room.
read_job find_room(id_t room);
/// -> (message_info, bool duplicate): stored (or found by clientMsgId) in one transaction.
write_job append(id_t room, id_t sender, std::string body, id_t parent,
                 std::string client_msg_id);
/// -> std::vector<message_info>: seq < before, newest first.
read_job before(id_t room, std::int64_t before_seq, int limit);
/// -> std::vector<message_info>: seq > after, oldest first.
read_job after(id_t room, std::int64_t after_seq, int limit);
/// -> std::int64_t: the read marker now stored.
write_job mark_read(id_t room, id_t user, std::int64_t seq);
/// -> (room_info, bool created); bad_request for a and b equal, not_found for unknown users.
write_job direct_room(id_t a, id_t b);
/// -> room_info of a new group room with `creator` and `members`.
write_job create_group(std::string name, id_t creator, std::vector<id_t> members);
/// -> room_info with every member after adding `users`.
write_job add_members(id_t room, std::vector<id_t> users);
/// -> bool (true).
write_job remove_member(id_t room, id_t user);

}  // namespace chat::jobs
