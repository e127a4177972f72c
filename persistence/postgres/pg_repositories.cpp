// Wiring of the PostgreSQL bundle: connect, migrate (writer), check the version, prepare.
#include "persistence/postgres/pg_repositories.hpp"

#include <stdexcept>

#include "persistence/postgres/migrations.hpp"

namespace chat::persistence::postgres {

pg_repositories::pg_repositories(std::unique_ptr<pg_connection> c)
  : c_(std::move(c)),
    users_(*c_),
    tokens_(*c_),
    rooms_(*c_),
    messages_(*c_),
    read_markers_(*c_),
    repos_{users_, tokens_, rooms_, messages_, read_markers_} {}

std::unique_ptr<pg_repositories> pg_repositories::open(const std::string& url, db_role role,
                                                       reconnect_policy policy, durability level) {
  // The writer's commit is the ack's promise: as durable as --durability says, whatever the
  // server's default says. Readers only read: a write slipped into a read job fails at once.
  const char* commit = level == durability::full ? "SET synchronous_commit = on"
                                                 : "SET synchronous_commit = off";
  auto c = role == db_role::writer
             ? std::make_unique<pg_connection>(url, "chatd writer",
                                               std::vector<std::string>{commit}, policy)
             : std::make_unique<pg_connection>(
                 url, "chatd reader", std::vector<std::string>{"SET default_transaction_read_only = on"},
                 policy);
  auto& raw = c->for_transaction();
  if (role == db_role::writer)
    migrate(raw);
  auto version = schema_version(raw);
  if (version != latest_schema_version())
    throw std::runtime_error("database schema version " + std::to_string(version)
                             + (version > latest_schema_version() ? " is newer than"
                                                                   : " is older than")
                             + " this build (" + std::to_string(latest_schema_version()) + ")");
  return std::make_unique<pg_repositories>(std::move(c));
}

}  // namespace chat::persistence::postgres
