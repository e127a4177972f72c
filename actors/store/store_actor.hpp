// The store: the one actor that writes to the database. It owns the write connection and
// commits write jobs in groups (group commit): every job that arrives while a batch is being
// run and committed joins the next batch, so one fsync acknowledges many writes.
#pragma once

#include <cstddef>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/store/persistence_jobs.hpp"
#include "messages/store_stats.hpp"
#include "messages/type_ids.hpp"

namespace chat {

struct store_options {
  std::string path;             ///< SQLite file (":memory:" works for a store used alone)
  std::size_t max_batch = 512;  ///< most jobs per transaction (1: one transaction per write)
};

/// Opens the database, migrates it (synchronously, so readers spawned afterwards see the
/// schema) and spawns the detached store actor. Throws when the database cannot be opened or
/// migrated.
///
/// The actor answers:
/// - `write_job` → the job's result message, or a caf::error (see chat_caf_error.hpp); the
///   reply is sent only after the job's transaction committed.
/// - `(get_atom, stats_atom)` → `store_stats`.
caf::actor spawn_store(caf::actor_system& sys, store_options opts);

}  // namespace chat
