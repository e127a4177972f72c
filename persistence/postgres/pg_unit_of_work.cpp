// Transactions on PostgreSQL. Errors are sorted by what they say about the batch: a job's own
// failure (a contract error, a constraint) is undone with ROLLBACK TO its savepoint and kept in
// its slot; a deadlock (40P01) or serialization failure (40001) has aborted the transaction, so
// the batch runs again; a broken connection is replaced (with backoff) and the batch runs again,
// unless it broke during COMMIT (in doubt): then the batch fails, and since nothing was
// acknowledged the clients resend, deduplicated by clientMsgId.
#include "persistence/postgres/pg_unit_of_work.hpp"

#include <chrono>
#include <random>
#include <thread>

#include <pqxx/transaction>

#include "common/log.hpp"

namespace chat::persistence::postgres {

namespace {

/// A short random pause, longer with every attempt, so two writers that just deadlocked do not
/// meet again in the same step.
void pause_before(int attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  std::uniform_int_distribution<int> ms{1, 10 * attempt};
  std::this_thread::sleep_for(std::chrono::milliseconds{ms(random)});
}

std::string first_line(const char* text) {
  std::string s{text};
  return s.substr(0, s.find('\n'));
}

}  // namespace

std::vector<std::exception_ptr> pg_unit_of_work::write_batch(std::span<const job> jobs) {
  for (int attempt = 1;; ++attempt) {
    try {
      return run_batch(jobs);
    } catch (const pqxx::in_doubt_error&) {
      throw;
    } catch (const pqxx::statement_completion_unknown&) {
      throw;
    } catch (const pqxx::transaction_rollback& e) {
      if (attempt >= max_attempts)
        throw;
      log::info("postgres: batch of " + std::to_string(jobs.size()) + " rolled back ("
                + first_line(e.what()) + "), running it again");
      pause_before(attempt);
    } catch (const pqxx::broken_connection& e) {
      if (attempt >= max_attempts)
        throw;
      log::warn("postgres: writer lost its connection (" + first_line(e.what())
                + "), reconnecting");
      repos_->connection().reconnect();
    }
  }
}

std::vector<std::exception_ptr> pg_unit_of_work::run_batch(std::span<const job> jobs) {
  auto& c = repos_->connection();
  std::vector<std::exception_ptr> failures(jobs.size());
  pqxx::work tx{c.for_transaction()};
  pg_connection::use in{c, tx};
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    // One round trip per job for its savepoint: release the previous one and set the next.
    // (SQL, not pqxx::subtransaction: libpqxx 6 opens a subtransaction lazily, on its own
    // exec(), and statements prepared on the connection would bypass it.)
    tx.exec(i == 0 ? "SAVEPOINT job" : "RELEASE SAVEPOINT job; SAVEPOINT job");
    try {
      jobs[i](repos_->get());
    } catch (const pqxx::transaction_rollback&) {
      throw;  // the whole transaction is lost, not just this job
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (...) {
      failures[i] = std::current_exception();
      tx.exec("ROLLBACK TO SAVEPOINT job");
    }
  }
  tx.commit();
  return failures;
}

void pg_unit_of_work::read(const job& job) {
  auto& c = repos_->connection();
  for (int attempt = 1;; ++attempt) {
    try {
      pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx{c.for_transaction()};
      pg_connection::use in{c, tx};
      job(repos_->get());
      tx.commit();
      return;
    } catch (const pqxx::broken_connection& e) {
      if (attempt >= 2)  // reads are repeatable: one more try on a fresh connection
        throw;
      log::warn("postgres: reader lost its connection (" + first_line(e.what())
                + "), reconnecting");
      c.reconnect();
    }
  }
}

}  // namespace chat::persistence::postgres

namespace chat::persistence {

unit_of_work_opener postgres_opener(std::string url, postgres::reconnect_policy policy,
                                    durability level) {
  return [url = std::move(url), policy, level](db_role role) -> std::unique_ptr<unit_of_work> {
    return std::make_unique<postgres::pg_unit_of_work>(
      postgres::pg_repositories::open(url, role, policy, level));
  };
}

}  // namespace chat::persistence
