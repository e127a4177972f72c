// Group commit in an event-based actor: a job is queued with its response promise; the first job
// of a batch sends `flush` to self, which lands behind every job already in the mailbox. On
// `flush` the batch runs in one transaction, each job under its own SAVEPOINT, and the replies
// go out after COMMIT.
#include "actors/store/store_actor.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <utility>
#include <variant>
#include <vector>

#include <caf/all.hpp>

#include "messages/caf_error.hpp"
#include "common/log.hpp"
#include "persistence/sqlite/sqlite_repositories.hpp"

namespace chat {

namespace {

using persistence::sqlite_repositories;

struct pending_write {
  write_job job;
  caf::response_promise promise;
};

struct store_state {
  std::shared_ptr<sqlite_repositories> repos;
  std::size_t max_batch = 512;
  std::vector<pending_write> batch;
  store_stats stats;
  static inline const char* name = "chat.store";
};

using store_actor = caf::stateful_actor<store_state>;

/// Runs one job under its own SAVEPOINT. A failing job rolls back only itself; if even that
/// fails the connection is in an unknown state, which fails the whole batch (rethrown).
using job_result = std::variant<caf::message, caf::error>;

job_result run_job(SQLite::Database& db, persistence::repositories& repos,
                                  write_job& job) {
  db.exec("SAVEPOINT job");
  auto undo = [&db] {
    db.exec("ROLLBACK TO job");
    db.exec("RELEASE job");
  };
  try {
    auto result = job.run(repos);
    db.exec("RELEASE job");
    return result;
  } catch (const chat_error& e) {
    undo();
    return make_caf_error(e);
  } catch (const std::exception& e) {
    log::error(std::string{"store: write job failed: "} + e.what());
    undo();
    return make_caf_error(chat_errc::internal, "internal error");
  }
}

/// One transaction over jobs [first, last); replies after COMMIT.
void commit_batch(store_state& st, pending_write* first, pending_write* last) {
  auto& db = st.repos->db();
  std::vector<job_result> results;
  results.reserve(static_cast<std::size_t>(last - first));
  try {
    db.exec("BEGIN IMMEDIATE");
    for (auto* p = first; p != last; ++p) {
      results.push_back(run_job(db, st.repos->get(), p->job));
    }
    db.exec("COMMIT");
  } catch (const std::exception& e) {
    log::error(std::string{"store: batch transaction failed: "} + e.what());
    db.tryExec("ROLLBACK");  // no-op when SQLite already rolled back
    results.assign(static_cast<std::size_t>(last - first),
                   make_caf_error(chat_errc::internal, "the write could not be stored"));
  }
  ++st.stats.transactions;
  st.stats.jobs += static_cast<std::uint64_t>(last - first);
  auto* p = first;
  for (auto& r : results) {
    if (auto* msg = std::get_if<caf::message>(&r))
      p->promise.deliver(std::move(*msg));
    else
      p->promise.deliver(std::get<caf::error>(std::move(r)));
    ++p;
  }
}

/// Commits every queued job, at most max_batch per transaction.
void flush(store_state& st) {
  auto batch = std::move(st.batch);
  st.batch = {};
  for (std::size_t i = 0; i < batch.size(); i += st.max_batch) {
    auto end = std::min(batch.size(), i + st.max_batch);
    commit_batch(st, batch.data() + i, batch.data() + end);
  }
}

caf::behavior store_behavior(store_actor* self, std::shared_ptr<sqlite_repositories> repos,
                             std::size_t max_batch) {
  self->state.repos = std::move(repos);
  self->state.max_batch = max_batch == 0 ? 1 : max_batch;
  // Shutting down: jobs already taken in are committed and answered, never silently dropped.
  self->set_exit_handler([=](caf::exit_msg& msg) {
    flush(self->state);
    self->quit(msg.reason);
  });
  return {
    [=](write_job& job) -> caf::response_promise {
      auto& st = self->state;
      auto promise = self->make_response_promise();
      if (st.batch.empty())  // first job of a batch: flush once the mailbox drained
        self->send(self, caf::flush_atom_v);
      st.batch.push_back({std::move(job), promise});
      return promise;
    },
    [=](caf::flush_atom) { flush(self->state); },
    [=](caf::get_atom, stats_atom) { return self->state.stats; },
  };
}

}  // namespace

caf::actor spawn_store(caf::actor_system& sys, store_options opts) {
  std::shared_ptr<sqlite_repositories> repos
    = sqlite_repositories::open(opts.path, persistence::db_role::writer);
  // Detached: SQLite blocks (fsync), so the store gets a thread of its own.
  return sys.spawn<caf::detached>(store_behavior, std::move(repos), opts.max_batch);
}

}  // namespace chat
