// The unit of work on PostgreSQL: one connection with its repositories. A write batch is one
// READ COMMITTED transaction with a SAVEPOINT per job and one COMMIT (durability::full sets
// synchronous_commit on: the ack waits for the WAL flush); a read is one REPEATABLE READ READ ONLY transaction (one
// snapshot). Several chatd processes may write to one database at once.
#pragma once

#include <memory>
#include <string>

#include "persistence/postgres/pg_repositories.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat::persistence::postgres {

class pg_unit_of_work final : public unit_of_work {
 public:
  explicit pg_unit_of_work(std::unique_ptr<pg_repositories> repos) : repos_(std::move(repos)) {}

  /// As unit_of_work::write_batch. A batch that loses a deadlock or a serialization conflict
  /// to another writer, or whose connection broke before COMMIT, is rolled back whole and run
  /// again (jobs must be repeatable: they keep only their last result). A connection lost
  /// during COMMIT is not retried (the batch may have landed): that throws.
  std::vector<std::exception_ptr> write_batch(std::span<const job> jobs) override;
  void read(const job& job) override;

  /// How often a batch is run before its failure is reported.
  static constexpr int max_attempts = 5;

 private:
  std::vector<std::exception_ptr> run_batch(std::span<const job> jobs);

  std::unique_ptr<pg_repositories> repos_;
};

}  // namespace chat::persistence::postgres

namespace chat::persistence {

/// Opens PostgreSQL connections to `url` (postgresql://user@host:port/db, or
/// postgresql:///db?host=/socket/dir). The writer migrates the schema when it opens (under an
/// advisory lock: several processes may start at once), so open the writer before the readers.
/// Throws when the database cannot be reached or is at a version this build cannot use. A
/// connection lost later is re-established as `policy` says; the writer commits as `level` says.
unit_of_work_opener postgres_opener(std::string url, postgres::reconnect_policy policy = {},
                                    durability level = durability::full);

}  // namespace chat::persistence
