// The readers: a round-robin pool of detached actors, each with its own read connection, that
// run read jobs. With WAL a reader never waits behind the store's writes.
#pragma once

#include <cstddef>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/store/persistence_jobs.hpp"

namespace chat {

/// Opens `n` (at least 1) read connections to `path` and spawns a pool of detached readers
/// over them. Spawn after spawn_store: the store migrates the schema first. Throws when a
/// connection cannot be opened or the schema is missing.
///
/// The pool answers `read_job` with the job's result message or a caf::error
/// (see chat_caf_error.hpp). Each job sees one consistent snapshot of the database.
caf::actor spawn_readers(caf::actor_system& sys, std::string path, std::size_t n);

}  // namespace chat
