// The readers: a round-robin pool of detached actors, each with its own read connection, that
// answer the reads of messages/store_api.hpp. A reader never waits behind the store's writes
// (SQLite WAL; PostgreSQL MVCC).
#pragma once

#include <chrono>
#include <cstddef>

#include <caf/actor_system.hpp>

#include "messages/store_api.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat {

struct reader_options {
  std::chrono::seconds token_ttl{0};  ///< how long a token authenticates after issue (0: forever)
  /// Reads queued or running, all readers together, past which the reads a connected client
  /// can repeat at will (history, sync, REST pages, presence:watch's lookup) are refused at
  /// once with `overloaded` instead of queueing (0: no bound). The reads of a connection's
  /// start (authenticate, its room ids) and of a room's start are always queued: there is
  /// at most one of each per connection or room, which other limits bound.
  std::size_t max_in_flight = 512;
};

/// Opens `n` (at least 1) read connections and spawns a pool of detached readers over them.
/// Spawn after spawn_store: the store migrates the schema first. Throws when a connection
/// cannot be opened. Each read sees one consistent snapshot of the database.
reader_actor spawn_readers(caf::actor_system& sys, const persistence::unit_of_work_opener& open,
                           std::size_t n, reader_options opts = {});

}  // namespace chat
