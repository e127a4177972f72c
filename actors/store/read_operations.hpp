// The reads that are more than one repository call: token authentication (shared by REST and
// sockets) and the REST pages, rendered to JSON here, on a reader's thread, off the scheduler.
// Each throws chat_error for contract errors.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/domain.hpp"
#include "persistence/repositories.hpp"

namespace chat::reads {

/// A bearer token as presented to a read: its hash, and the issue time before which tokens
/// have expired (ISO-8601 UTC; "" when tokens never expire).
struct bearer {
  const std::string& token_hash;
  std::string issued_since;
};

/// The oldest issue time a token may have to be valid now, for tokens that live `ttl`
/// (zero: forever, "").
std::string issued_since(std::chrono::seconds ttl);

/// The user of a token; unauthorized for an unknown or expired token (or a deleted user).
user_info authenticate(persistence::repositories& r, const bearer& token);

/// Everyone but the token's user, by username after `after`; and the next cursor ("" = none).
std::pair<std::vector<user_info>, std::string>
users_page(persistence::repositories& r, const bearer& token, const std::string& after,
           int limit);

/// The JSON body of GET /api/rooms: {rooms, nextCursor}.
std::string rooms_page(persistence::repositories& r, const bearer& token,
                       const std::string& after, int limit);

/// The JSON body of GET /api/rooms/:id/messages: {messages, nextBefore}; forbidden for
/// non-members and unknown rooms alike.
std::string messages_page(persistence::repositories& r, const bearer& token,
                          id_t room_id, std::int64_t before, int limit);

}  // namespace chat::reads
