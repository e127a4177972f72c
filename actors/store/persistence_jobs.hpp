// How actors use the database: they send a job (a function over the repositories) to the
// store actor (writes, group commit) or to the reader pool (reads, own connections).
// The job's result comes back as the response message; a thrown chat_error comes back as a
// caf::error (see chat_caf_error.hpp), anything else as chat_errc::internal.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/message.hpp>

#include "persistence/repositories.hpp"

namespace chat {

/// Runs on the store's write connection inside the current batch transaction, under its own
/// SAVEPOINT: a job that throws rolls back only itself. The reply is sent after COMMIT.
struct write_job {
  std::function<caf::message(persistence::repositories&)> run;
};

/// Runs on one of the readers' connections (WAL: never waits behind a write).
struct read_job {
  std::function<caf::message(persistence::repositories&)> run;
};

}  // namespace chat

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::write_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::read_job)
