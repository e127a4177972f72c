// The backend-neutral test databases: SQLite files and :memory:, or databases created on the
// throwaway PostgreSQL server (tests/support/postgres_cluster) and dropped afterwards.
#include "tests/support/test_db.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <SQLiteCpp/Database.h>

#include "persistence/postgres/pg_repositories.hpp"
#include "persistence/postgres/pg_unit_of_work.hpp"
#include "persistence/sqlite/sqlite_repositories.hpp"
#include "persistence/sqlite/sqlite_unit_of_work.hpp"

namespace chat::test {

namespace {

void admin(const std::string& sql) {
  pqxx::connection c{postgres_url("postgres")};
  pqxx::nontransaction tx{c};
  tx.exec(sql);
}

class sqlite_test_repositories final : public test_repositories {
 public:
  persistence::repositories& get() override { return db_->get(); }

 private:
  std::unique_ptr<persistence::sqlite_repositories> db_ =
    persistence::sqlite_repositories::open(":memory:", persistence::db_role::writer);
};

class postgres_test_repositories final : public test_repositories {
 public:
  persistence::repositories& get() override { return db_->get(); }

 private:
  postgres_database database_;  // dropped after the connection below is closed
  std::unique_ptr<persistence::postgres::pg_repositories> db_ =
    persistence::postgres::pg_repositories::open(database_.url(), persistence::db_role::writer);
};

}  // namespace

backend backend_under_test() {
  const char* name = std::getenv("CHATD_TEST_BACKEND");
  if (name == nullptr || std::string{name} == "sqlite")
    return backend::sqlite;
  if (std::string{name} == "postgres")
    return backend::postgres;
  throw std::runtime_error(std::string{"CHATD_TEST_BACKEND must be sqlite or postgres, not "}
                           + name);
}

std::string postgres_url(const std::string& name) {
  const char* host = std::getenv("CHATD_TEST_PG_HOST");
  if (host == nullptr || *host == '\0')
    throw std::runtime_error("CHATD_TEST_PG_HOST is not set: run the test through ctest, or "
                             "start tests/support/postgres_cluster and set it to its directory");
  return "postgresql://postgres@/" + name + "?host=" + host;
}

postgres_database::postgres_database() {
  static std::atomic<int> counter{0};
  name_ = "chatd_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  url_ = postgres_url(name_);
  admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");  // left by a crashed run
  admin("CREATE DATABASE " + name_);
}

postgres_database::~postgres_database() {
  try {
    admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {  // the server is gone: nothing left to drop
  }
}

scratch_database::scratch_database() {
  if (backend_under_test() == backend::postgres) {
    pg_ = std::make_unique<postgres_database>();
    location_ = pg_->url();
  } else {
    dir_ = std::make_unique<temp_dir>();
    location_ = dir_->file("chat.db");
  }
}

scratch_database::~scratch_database() = default;

void scratch_database::execute(const std::string& sql) const {
  if (pg_) {
    pqxx::connection c{location_};
    pqxx::nontransaction tx{c};
    tx.exec(sql);
    return;
  }
  SQLite::Database db{location_, SQLite::OPEN_READWRITE};
  db.exec(sql);
}

persistence::unit_of_work_opener scratch_database::opener() const {
  if (pg_)
    return persistence::postgres_opener(location_);
  return persistence::sqlite_opener(location_);
}

std::unique_ptr<test_repositories> fresh_db() {
  if (backend_under_test() == backend::postgres)
    return std::make_unique<postgres_test_repositories>();
  return std::make_unique<sqlite_test_repositories>();
}

}  // namespace chat::test
