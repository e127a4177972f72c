// The reads that are more than one repository call: token authentication (shared by REST and
// sockets) and the REST pages, rendered to JSON here, on a reader's thread, off the scheduler.
// Each throws chat_error for contract errors.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "messages/domain.hpp"
#include "persistence/repositories.hpp"

namespace chat::reads {

/// The user of a token hash; unauthorized for an unknown token (or a deleted user).
user_info authenticate(persistence::repositories& r, const std::string& token_hash);

/// Everyone but the token's user, by username after `after`; and the next cursor ("" = none).
std::pair<std::vector<user_info>, std::string>
users_page(persistence::repositories& r, const std::string& token_hash, const std::string& after,
           int limit);

/// The JSON body of GET /api/rooms: {rooms, nextCursor}.
std::string rooms_page(persistence::repositories& r, const std::string& token_hash,
                       const std::string& after, int limit);

/// The JSON body of GET /api/rooms/:id/messages: {messages, nextBefore}; forbidden for
/// non-members and unknown rooms alike.
std::string messages_page(persistence::repositories& r, const std::string& token_hash,
                          id_t room_id, std::int64_t before, int limit);

}  // namespace chat::reads
