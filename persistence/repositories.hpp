// Storage interfaces: what the rest of the server may ask of a database.
// Plain synchronous classes; persistence/sqlite/ and persistence/postgres/ implement them.
// Callers run them only on persistence actors (store / readers), never on I/O threads or
// scheduler workers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "messages/chat_error.hpp"
#include "messages/domain.hpp"

namespace chat::persistence {

/// A user row with its credential (empty hash: a pseudo-auth user, no password login).
struct user_credentials {
  user_info user;
  std::string password_hash;
};

/// What a sender asks to store. parent_id 0 = no parent; empty client_msg_id = no dedupe key.
struct new_message {
  id_t room_id = 0;
  id_t sender_id = 0;
  std::string body;
  id_t parent_id = 0;
  std::string client_msg_id;
};

/// The stored message; `duplicate` when (sender, client_msg_id) was stored before and
/// nothing new was written.
struct append_result {
  message_info message;
  bool duplicate = false;
};

/// One entry of GET /api/rooms.
struct room_summary {
  room_info room;
  std::optional<message_info> last_message;
  std::int64_t unread = 0;  ///< messages after the caller's read marker, not the caller's own
};

struct room_page {
  std::vector<room_summary> rooms;
  std::string next_cursor;  ///< empty: no further page
};

class user_repository {
 public:
  virtual ~user_repository() = default;
  /// Creates a user. Throws chat_error(conflict) when the name is taken.
  virtual user_info create(std::string_view username, std::string_view password_hash) = 0;
  /// Pseudo-auth: the user with that name, created (without password) when missing.
  virtual user_info get_or_create(std::string_view username) = 0;
  virtual std::optional<user_info> find(id_t user_id) = 0;
  virtual std::optional<user_credentials> find_by_name(std::string_view username) = 0;
  /// Everyone but `except`, ordered by username, strictly after `after_username`.
  virtual std::vector<user_info> list(id_t except, std::string_view after_username,
                                      int limit) = 0;
};

class token_repository {
 public:
  virtual ~token_repository() = default;
  /// Tokens are stored only as their hash (hex of a SHA-256/BLAKE2b of the token).
  /// Stores a token issued now (its issue time is what expiry is measured from).
  virtual void insert(std::string_view token_hash, id_t user_id) = 0;
  /// The user of a token issued at or after `issued_since` (ISO-8601 UTC as common/clock.hpp
  /// writes it; "" accepts any age): an older token has expired and names nobody.
  virtual std::optional<id_t> user_of(std::string_view token_hash,
                                      std::string_view issued_since) = 0;
  /// True when a token was removed.
  virtual bool remove(std::string_view token_hash) = 0;
  /// Deletes every token issued before `issued_since` (expired ones); how many went.
  virtual std::size_t remove_issued_before(std::string_view issued_since) = 0;
};

class room_repository {
 public:
  virtual ~room_repository() = default;
  /// The one direct room of a and b (a != b), created on first use; `created` says which.
  /// Throws not_found for an unknown user, bad_request when a == b.
  virtual room_info get_or_create_direct(id_t a, id_t b, bool& created) = 0;
  /// A group room with the creator and the members (duplicates ignored).
  /// Throws not_found for an unknown user.
  virtual room_info create_group(std::string_view name, id_t creator,
                                 std::span<const id_t> members) = 0;
  /// Adds users to a group room; returns the room with all members.
  /// Throws not_found for an unknown user or room, bad_request for a direct room.
  virtual room_info add_members(id_t room_id, std::span<const id_t> users) = 0;
  /// Removes a member (no-op when not a member).
  virtual void remove_member(id_t room_id, id_t user_id) = 0;
  /// The room with its members, if it exists.
  virtual std::optional<room_info> find(id_t room_id) = 0;
  virtual bool is_member(id_t room_id, id_t user_id) = 0;
  virtual std::vector<id_t> room_ids_of(id_t user_id) = 0;
  /// The user's rooms, newest activity first (keyset cursor, opaque string; limit <= 0: 50).
  /// Throws bad_request for a cursor it did not issue.
  virtual room_page list_for(id_t user_id, std::string_view after_cursor, int limit) = 0;
};

class message_repository {
 public:
  virtual ~message_repository() = default;
  /// Stores a message in one step: dedupe by (sender, client_msg_id); the parent must be a
  /// message of the same room (else chat_error bad_request); seq = room's last_seq + 1 with
  /// no gaps; the room's last_seq and last activity move with it.
  virtual append_result append(const new_message& m, std::string_view created_at) = 0;
  /// Messages with seq < before_seq, newest first (before_seq <= 0: from the newest;
  /// limit <= 0: no limit).
  virtual std::vector<message_info> before(id_t room_id, std::int64_t before_seq,
                                           int limit) = 0;
  /// Messages with seq > after_seq, oldest first (limit <= 0: no limit).
  virtual std::vector<message_info> after(id_t room_id, std::int64_t after_seq, int limit) = 0;
};

class read_marker_repository {
 public:
  virtual ~read_marker_repository() = default;
  /// Moves the user's read marker in a room forward to `seq` (never backwards).
  /// Clamped to the room's last_seq. Returns the marker now stored. Throws not_found for an
  /// unknown room.
  virtual std::int64_t mark(id_t room_id, id_t user_id, std::int64_t seq) = 0;
  virtual std::int64_t get(id_t room_id, id_t user_id) = 0;
};

/// Everything a persistence job may touch, over one database connection.
struct repositories {
  user_repository& users;
  token_repository& tokens;
  room_repository& rooms;
  message_repository& messages;
  read_marker_repository& read_markers;
};

}  // namespace chat::persistence
