// Transactions on SQLite. A job that throws is undone with ROLLBACK TO its savepoint; if even
// that fails the connection is in an unknown state, which fails the whole batch.
#include "persistence/sqlite/sqlite_unit_of_work.hpp"

namespace chat::persistence {

std::vector<std::exception_ptr> sqlite_unit_of_work::write_batch(std::span<const job> jobs) {
  auto& db = repos_->db();
  std::vector<std::exception_ptr> failures(jobs.size());
  try {
    db.exec("BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      db.exec("SAVEPOINT job");
      try {
        jobs[i](repos_->get());
      } catch (...) {
        failures[i] = std::current_exception();
        db.exec("ROLLBACK TO job");
      }
      db.exec("RELEASE job");
    }
    db.exec("COMMIT");
  } catch (...) {
    db.tryExec("ROLLBACK");  // no-op when SQLite already rolled back
    throw;
  }
  return failures;
}

void sqlite_unit_of_work::read(const job& job) {
  auto& db = repos_->db();
  db.exec("BEGIN");
  try {
    job(repos_->get());
  } catch (...) {
    db.tryExec("ROLLBACK");
    throw;
  }
  db.exec("COMMIT");
}

unit_of_work_opener sqlite_opener(std::string path, durability level) {
  return [path = std::move(path), level](db_role role) -> std::unique_ptr<unit_of_work> {
    return std::make_unique<sqlite_unit_of_work>(sqlite_repositories::open(path, role, level));
  };
}

}  // namespace chat::persistence
