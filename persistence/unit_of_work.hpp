// The transaction seam: how the persistence actors run work on a database connection without
// knowing the backend. A backend (persistence/sqlite/, persistence/postgres/) implements it over
// one connection; the store and the readers only hand it jobs.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "persistence/repositories.hpp"

namespace chat::persistence {

/// The one writer commits durably (group commit); readers only read.
enum class db_role { writer, reader };

/// How far the writer's commit goes before anything it wrote is acknowledged (--durability).
/// full: flushed to the disk (survives power loss): SQLite synchronous=FULL, an fsync per
/// commit; PostgreSQL synchronous_commit=on. normal: handed to the operating system (survives
/// a crash of chatd, not of the machine): SQLite WAL with synchronous=NORMAL, fsync only at
/// checkpoints; PostgreSQL synchronous_commit=off (the server flushes within ~3 wal_writer_delay).
enum class durability { full, normal };

/// "full" or "normal"; nullopt for anything else.
inline std::optional<durability> parse_durability(std::string_view text) {
  if (text == "full")
    return durability::full;
  if (text == "normal")
    return durability::normal;
  return std::nullopt;
}

/// Work over the repositories of one connection, run inside a transaction the unit of work
/// opened. A job keeps its own result (it is a closure); it reports failure by throwing.
using job = std::function<void(repositories&)>;

/// One connection and its transactions. Used by one thread at a time.
class unit_of_work {
 public:
  virtual ~unit_of_work() = default;

  /// Runs `jobs` in one write transaction, each under a savepoint of its own: a job that
  /// throws is rolled back alone and its exception is kept in its slot (null: the job's work
  /// stands). Commits once at the end, so one durable commit covers the whole batch. Throws
  /// when the transaction as a whole fails; then nothing of the batch was stored.
  virtual std::vector<std::exception_ptr> write_batch(std::span<const job> jobs) = 0;

  /// Runs `job` in one read transaction (one consistent snapshot across its queries) and
  /// rethrows what it throws.
  virtual void read(const job& job) = 0;
};

/// Opens a connection for a role. The backend is chosen once, in main.cpp; the persistence
/// actors get an opener so that every reader can have a connection of its own.
using unit_of_work_opener = std::function<std::unique_ptr<unit_of_work>(db_role)>;

}  // namespace chat::persistence
