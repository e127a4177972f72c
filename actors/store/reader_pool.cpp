// Readers: each job runs inside a read transaction of its own (one consistent snapshot even
// across several queries), on a connection no other thread touches.
#include "actors/store/reader_pool.hpp"

#include <exception>
#include <memory>
#include <vector>

#include <caf/actor_pool.hpp>
#include <caf/all.hpp>

#include "messages/caf_error.hpp"
#include "common/log.hpp"
#include "persistence/sqlite/sqlite_repositories.hpp"

namespace chat {

namespace {

using persistence::sqlite_repositories;

struct reader_state {
  std::shared_ptr<sqlite_repositories> repos;
  static inline const char* name = "chat.reader";
};

using reader_actor = caf::stateful_actor<reader_state>;

caf::result<caf::message> run_read(sqlite_repositories& repos, read_job& job) {
  auto& db = repos.db();
  try {
    db.exec("BEGIN");
    auto result = job.run(repos.get());
    db.exec("COMMIT");
    return result;
  } catch (const chat_error& e) {
    db.tryExec("ROLLBACK");
    return make_caf_error(e);
  } catch (const std::exception& e) {
    log::error(std::string{"reader: read job failed: "} + e.what());
    db.tryExec("ROLLBACK");
    return make_caf_error(chat_errc::internal, "internal error");
  }
}

caf::behavior reader_behavior(reader_actor* self, std::shared_ptr<sqlite_repositories> repos) {
  self->state.repos = std::move(repos);
  return {
    [=](read_job& job) { return run_read(*self->state.repos, job); },
  };
}

}  // namespace

caf::actor spawn_readers(caf::actor_system& sys, std::string path, std::size_t n) {
  if (n == 0)
    n = 1;
  // Open every connection here, on the caller's thread, so a bad path fails start-up loudly;
  // afterwards each connection belongs to exactly one reader thread.
  std::vector<std::shared_ptr<sqlite_repositories>> connections;
  for (std::size_t i = 0; i < n; ++i)
    connections.push_back(sqlite_repositories::open(path, persistence::db_role::reader));
  std::size_t next = 0;
  auto factory = [&sys, &connections, &next] {
    return sys.spawn<caf::detached>(reader_behavior, connections[next++]);
  };
  return caf::actor_pool::make(sys.dummy_execution_unit(), n, factory,
                               caf::actor_pool::round_robin());
}

}  // namespace chat
