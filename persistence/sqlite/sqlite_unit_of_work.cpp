// Transactions on SQLite. A job that throws is undone with ROLLBACK TO its savepoint; if even
// that fails the connection is in an unknown state, which fails the whole batch. The
// transaction statements are prepared once: compiling "SAVEPOINT job" for every message cost
// more than some of the message's own statements.
#include "persistence/sqlite/sqlite_unit_of_work.hpp"

namespace chat::persistence {

namespace {

/// Runs a prepared statement without rows and makes it ready for the next time, failed or not.
void run(SQLite::Statement& s) {
  try {
    s.exec();
  } catch (...) {
    s.tryReset();
    throw;
  }
  s.reset();
}

}  // namespace

sqlite_unit_of_work::sqlite_unit_of_work(std::unique_ptr<sqlite_repositories> repos)
  : repos_(std::move(repos)),
    begin_write_(repos_->db(), "BEGIN IMMEDIATE"),
    begin_read_(repos_->db(), "BEGIN"),
    commit_(repos_->db(), "COMMIT"),
    savepoint_(repos_->db(), "SAVEPOINT job"),
    rollback_to_(repos_->db(), "ROLLBACK TO job"),
    release_(repos_->db(), "RELEASE job") {}

std::vector<std::exception_ptr> sqlite_unit_of_work::write_batch(std::span<const job> jobs) {
  auto& db = repos_->db();
  std::vector<std::exception_ptr> failures(jobs.size());
  // A lone job needs no savepoint: the transaction is its savepoint (it fails alone either way).
  const bool isolate = jobs.size() > 1;
  try {
    run(begin_write_);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (isolate)
        run(savepoint_);
      try {
        jobs[i](repos_->get());
      } catch (...) {
        failures[i] = std::current_exception();
        if (!isolate) {
          db.exec("ROLLBACK");
          return failures;
        }
        run(rollback_to_);
      }
      if (isolate)
        run(release_);
    }
    run(commit_);
  } catch (...) {
    db.tryExec("ROLLBACK");  // no-op when SQLite already rolled back
    throw;
  }
  return failures;
}

void sqlite_unit_of_work::read(const job& job) {
  auto& db = repos_->db();
  run(begin_read_);
  try {
    job(repos_->get());
  } catch (...) {
    db.tryExec("ROLLBACK");
    throw;
  }
  run(commit_);
}

unit_of_work_opener sqlite_opener(std::string path, durability level) {
  return [path = std::move(path), level](db_role role) -> std::unique_ptr<unit_of_work> {
    return std::make_unique<sqlite_unit_of_work>(sqlite_repositories::open(path, role, level));
  };
}

}  // namespace chat::persistence
