// The unit of work on SQLite: one connection with its repositories; write batches run as
// BEGIN IMMEDIATE, a SAVEPOINT per job (none for a batch of one) and one COMMIT (fsync'd on the
// writer with durability::full: synchronous=FULL).
#pragma once

#include <memory>
#include <string>

#include <SQLiteCpp/Statement.h>

#include "persistence/sqlite/sqlite_repositories.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat::persistence {

class sqlite_unit_of_work final : public unit_of_work {
 public:
  explicit sqlite_unit_of_work(std::unique_ptr<sqlite_repositories> repos);

  std::vector<std::exception_ptr> write_batch(std::span<const job> jobs) override;
  void read(const job& job) override;

 private:
  std::unique_ptr<sqlite_repositories> repos_;
  // The transaction statements, prepared once for this connection.
  SQLite::Statement begin_write_;
  SQLite::Statement begin_read_;
  SQLite::Statement commit_;
  SQLite::Statement savepoint_;
  SQLite::Statement rollback_to_;
  SQLite::Statement release_;
};

/// Opens SQLite connections to the file at `path` (":memory:" gives each connection a private
/// database: fine for a store used alone). The writer migrates the schema when it opens, so
/// open the writer before the readers. Throws when the file cannot be opened or migrated.
/// `level` sets how far the writer's commits go (see durability).
unit_of_work_opener sqlite_opener(std::string path, durability level = durability::full);

}  // namespace chat::persistence
