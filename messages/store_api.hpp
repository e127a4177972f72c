// The typed interfaces of the persistence actors: the store (the one writer, group commit) and
// the reader pool. Every operation is one message; a contract error (unknown user, not a
// member, a taken name, ...) comes back as a caf::error made by make_caf_error (caf_error.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "messages/atoms.hpp"
#include "messages/domain.hpp"
#include "messages/store_stats.hpp"

namespace chat {

/// The store. Every answer is sent only after the transaction that made it durable committed
/// (writes that arrive together share one commit).
using store_actor = caf::typed_actor<
  // -- chat --
  /// (room, sender, body, parent or 0, clientMsgId or "") -> the stored message, and whether it
  /// is a duplicate (same sender and clientMsgId stored before: nothing new was written).
  /// Gapless per-room seq; bad_request when the parent is not a message of the room.
  caf::replies_to<append_atom, id_t, id_t, std::string, id_t, std::string>::with<message_info,
                                                                                  bool>,
  /// (room, user, seq) -> the read marker now stored (never moves backwards).
  caf::replies_to<mark_read_atom, id_t, id_t, std::int64_t>::with<std::int64_t>,
  /// (a, b) -> the direct room of a and b and whether it was created now.
  caf::replies_to<direct_atom, id_t, id_t>::with<room_info, bool>,
  /// (name, creator, members) -> the new group room.
  caf::replies_to<group_new_atom, std::string, id_t, std::vector<id_t>>::with<room_info>,
  /// (room, users) -> the room with every member.
  caf::replies_to<add_members_atom, id_t, std::vector<id_t>>::with<room_info>,
  /// (room, user) -> true.
  caf::replies_to<remove_member_atom, id_t, id_t>::with<bool>,
  // -- accounts --
  /// (username, password hash, token hash) -> the new user, signed in; conflict when taken.
  caf::replies_to<register_atom, std::string, std::string, std::string>::with<user_info>,
  /// (username, token hash) -> the user of that name (created without password), signed in;
  /// forbidden for an account that has a password.
  caf::replies_to<pseudo_login_atom, std::string, std::string>::with<user_info>,
  /// (user, token hash) -> true: the token now signs that user in.
  caf::replies_to<add_token_atom, id_t, std::string>::with<bool>,
  /// (token hash) -> whether the token existed (it is gone now).
  caf::replies_to<revoke_atom, std::string>::with<bool>,
  // -- diagnostics --
  caf::replies_to<caf::get_atom, stats_atom>::with<store_stats>>;

/// The reader pool: each operation runs in one read transaction of its own (one snapshot),
/// on a connection no write waits for.
using reader_actor = caf::typed_actor<
  /// (token hash) -> the token's user; unauthorized for an unknown token.
  caf::replies_to<authenticate_atom, std::string>::with<user_info>,
  /// (user) -> the rooms the user belongs to.
  caf::replies_to<room_ids_atom, id_t>::with<std::vector<id_t>>,
  /// (room) -> the room with its members; not_found when there is none.
  caf::replies_to<find_room_atom, id_t>::with<room_info>,
  /// (room, before seq, limit) -> messages with seq < before, newest first.
  caf::replies_to<before_atom, id_t, std::int64_t, std::int32_t>::with<std::vector<message_info>>,
  /// (room, after seq, limit) -> messages with seq > after, oldest first.
  caf::replies_to<after_atom, id_t, std::int64_t, std::int32_t>::with<std::vector<message_info>>,
  /// (user ids) -> those that exist.
  caf::replies_to<existing_atom, std::vector<id_t>>::with<std::vector<id_t>>,
  /// (username) -> (found, user, password hash; empty for a pseudo-auth user).
  caf::replies_to<account_atom, std::string>::with<bool, user_info, std::string>,
  // -- REST pages: the token is resolved in the same transaction (one round trip) --
  /// (token hash, after username, limit) -> everyone but the caller, and the next cursor.
  caf::replies_to<users_page_atom, std::string, std::string, std::int32_t>::with<
    std::vector<user_info>, std::string>,
  /// (token hash, cursor, limit) -> the JSON body of GET /api/rooms.
  caf::replies_to<rooms_page_atom, std::string, std::string, std::int32_t>::with<std::string>,
  /// (token hash, room, before, limit) -> the JSON body of GET /api/rooms/:id/messages.
  caf::replies_to<msgs_page_atom, std::string, id_t, std::int64_t, std::int32_t>::with<
    std::string>>;

}  // namespace chat
