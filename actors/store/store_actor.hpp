// The store: the one actor that writes to the database. It owns the write connection and
// commits in groups (group commit): every write that arrives while a batch is being run and
// committed joins the next batch, so one durable commit acknowledges many writes.
#pragma once

#include <chrono>
#include <cstddef>

#include <caf/actor_system.hpp>

#include "messages/store_api.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat {

struct store_options {
  std::size_t max_batch = 512;  ///< most writes per transaction (1: one transaction per write)
  /// Group-commit window: a batch is committed no sooner than this after its first write
  /// arrived, so writes arriving meanwhile share its commit (0: commit as soon as the mailbox
  /// is drained). Trades up to this much latency for fewer commits, wake-ups and WAL writes.
  std::chrono::microseconds commit_window{0};
  /// Tokens older than this are deleted (they no longer authenticate); 0: tokens never expire.
  std::chrono::seconds token_ttl{0};
  /// How often expired tokens are deleted (also once at start).
  std::chrono::seconds prune_every{3600};
};

/// Opens the writer connection (which migrates the schema, synchronously, so readers opened
/// afterwards see it) and spawns the detached store actor over it. Throws when the database
/// cannot be opened or migrated. See messages/store_api.hpp for what the store answers.
store_actor spawn_store(caf::actor_system& sys, const persistence::unit_of_work_opener& open,
                        store_options opts = {});

}  // namespace chat
