// PostgreSQL connections: which --db values mean PostgreSQL, a bad URL or an absent server
// refused at once, a writer or reader whose connection was cut that carries on, and a server
// that goes away and comes back (reconnect with backoff, on a server of the test's own).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "persistence/postgres/pg_connection.hpp"
#include "persistence/postgres/pg_repositories.hpp"
#include "persistence/postgres/pg_unit_of_work.hpp"
#include "tests/support/test_db.hpp"

using namespace chat;
using persistence::db_role;
using persistence::durability;
using persistence::repositories;

namespace {

/// Cuts every connection of `application` (chatd writer / chatd reader) to `db`, as a
/// restarted server or a dropped network would; returns how many were cut.
int cut_connections(const test::postgres_database& db, const std::string& application) {
  pqxx::connection admin{test::postgres_url("postgres")};
  pqxx::nontransaction tx{admin};
  auto r = tx.exec("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                   "WHERE datname = " + tx.quote(db.name()) + " AND application_name = "
                   + tx.quote(application));
  return r[0][0].as<int>();
}

/// A PostgreSQL server of this test's own (tests/support/postgres_cluster), which the test stops
/// and starts again; database "chat" on it is empty.
struct own_server {
  std::string dir = "/tmp/chatd-pg-own-" + std::to_string(::getpid());
  std::string url = "postgresql://postgres@/chat?host=" + dir;

  own_server() {
    REQUIRE(run("start"));
    pqxx::connection admin{"postgresql://postgres@/postgres?host=" + dir};
    pqxx::nontransaction tx{admin};
    tx.exec("CREATE DATABASE chat");
  }
  ~own_server() { run("stop"); }

  bool run(const std::string& command) {
    auto line = std::string{CHATD_SOURCE_DIR} + "/tests/support/postgres_cluster " + command + " "
                + dir + " >/dev/null";
    return std::system(line.c_str()) == 0;
  }
};

std::vector<persistence::job> add_user(const char* name) {
  return {[name](repositories& r) { r.users.create(name, ""); }};
}

}  // namespace

TEST_SUITE("pg_connection") {

TEST_CASE("--db means PostgreSQL only for a postgresql:// or postgres:// URL") {
  using persistence::postgres::is_postgres_url;
  CHECK(is_postgres_url("postgresql://chat@db.example:5432/chat"));
  CHECK(is_postgres_url("postgresql:///chat?host=/run/postgresql"));
  CHECK(is_postgres_url("postgres://chat@localhost/chat"));
  CHECK_FALSE(is_postgres_url("data/chat.db"));
  CHECK_FALSE(is_postgres_url("postgresql.db"));
  CHECK_FALSE(is_postgres_url(":memory:"));
}

TEST_CASE("a URL's password never reaches the log") {
  using persistence::postgres::redact_password;
  CHECK(redact_password("postgresql://chat:s3cret@db:5432/chat") == "postgresql://chat:***@db:5432/chat");
  CHECK(redact_password("postgres://chat:s3cret@db") == "postgres://chat:***@db");
  CHECK(redact_password("postgresql://db/chat?user=chat&password=s3cret&sslmode=require")
        == "postgresql://db/chat?user=chat&password=***&sslmode=require");
  CHECK(redact_password("postgresql://chat@db/chat") == "postgresql://chat@db/chat");
  CHECK(redact_password("data/chat:1@x.db") == "data/chat:1@x.db");  // a file name is a file name
}

TEST_CASE("a malformed URL is refused at once, with the reason") {
  auto open = persistence::postgres_opener("postgresql://chat@localhost/chat?no_such_option=1");
  CHECK_THROWS_AS(open(db_role::writer), std::invalid_argument);
  CHECK_THROWS_WITH(open(db_role::writer), doctest::Contains("invalid PostgreSQL URL"));
}

TEST_CASE("no server at the address fails at start, without waiting out the reconnect window") {
  auto open = persistence::postgres_opener("postgresql://postgres@/chat?host=/nonexistent-dir");
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS(open(db_role::writer));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("the writer commits durably even where the database's default says otherwise") {
  test::postgres_database db;
  {
    pqxx::connection admin{db.url()};
    pqxx::nontransaction tx{admin};
    tx.exec("ALTER DATABASE " + db.name() + " SET synchronous_commit = off");
  }
  auto setting = [&](db_role role, const char* name) {
    auto repos = persistence::postgres::pg_repositories::open(db.url(), role);
    pqxx::nontransaction tx{repos->connection().for_transaction()};
    return tx.exec1(std::string{"SHOW "} + name)[0].as<std::string>();
  };
  CHECK(setting(db_role::writer, "synchronous_commit") == "on");
  CHECK(setting(db_role::reader, "default_transaction_read_only") == "on");
}

TEST_CASE("--durability normal: the writer commits without waiting for the WAL flush") {
  test::postgres_database db;
  auto setting = [&](durability level) {
    auto repos =
      persistence::postgres::pg_repositories::open(db.url(), db_role::writer, {}, level);
    pqxx::nontransaction tx{repos->connection().for_transaction()};
    return tx.exec1("SHOW synchronous_commit")[0].as<std::string>();
  };
  CHECK(setting(durability::normal) == "off");
  CHECK(setting(durability::full) == "on");
}

TEST_CASE("--durability normal outlives a reconnect: the setting is applied again") {
  test::postgres_database db;
  auto repos = persistence::postgres::pg_repositories::open(db.url(), db_role::writer, {},
                                                            durability::normal);
  auto& conn = repos->connection();
  persistence::postgres::pg_unit_of_work uow{std::move(repos)};
  REQUIRE(cut_connections(db, "chatd writer") == 1);
  std::vector<persistence::job> jobs{[](repositories& r) { r.users.create("ann", ""); }};
  CHECK_FALSE(uow.write_batch(jobs)[0]);  // on a new connection
  pqxx::nontransaction tx{conn.for_transaction()};
  CHECK(tx.exec1("SHOW synchronous_commit")[0].as<std::string>() == "off");
}

TEST_CASE("a writer whose connection was cut reconnects and commits the next batch") {
  test::postgres_database db;
  auto open = persistence::postgres_opener(db.url());
  auto writer = open(db_role::writer);
  std::vector<persistence::job> first{[](repositories& r) { r.users.create("ann", ""); }};
  CHECK_FALSE(writer->write_batch(first)[0]);
  REQUIRE(cut_connections(db, "chatd writer") == 1);
  std::vector<persistence::job> second{[](repositories& r) { r.users.create("ben", ""); }};
  auto failures = writer->write_batch(second);
  CHECK_FALSE(failures[0]);
  auto reader = open(db_role::reader);
  reader->read([](repositories& r) {
    CHECK(r.users.find_by_name("ann"));
    CHECK(r.users.find_by_name("ben"));
  });
}

TEST_CASE("a reader whose connection was cut answers the next read") {
  test::postgres_database db;
  auto open = persistence::postgres_opener(db.url());
  auto writer = open(db_role::writer);
  std::vector<persistence::job> jobs{[](repositories& r) { r.users.create("ann", ""); }};
  writer->write_batch(jobs);
  auto reader = open(db_role::reader);
  REQUIRE(cut_connections(db, "chatd reader") == 1);
  bool found = false;
  reader->read([&](repositories& r) { found = r.users.find_by_name("ann").has_value(); });
  CHECK(found);
}

TEST_CASE("a server that went away is retried with pauses, and used again once it is back") {
  own_server server;
  std::vector<int> attempts;
  persistence::postgres::reconnect_policy policy;
  policy.first_backoff = std::chrono::milliseconds{10};
  policy.on_retry = [&](int attempt) {
    attempts.push_back(attempt);
    if (attempt == 2)  // back after two refused attempts
      REQUIRE(server.run("resume"));
  };
  auto open = persistence::postgres_opener(server.url, policy);
  auto writer = open(db_role::writer);
  REQUIRE_FALSE(writer->write_batch(add_user("ann"))[0]);
  REQUIRE(server.run("pause"));
  auto failures = writer->write_batch(add_user("ben"));
  CHECK_FALSE(failures[0]);
  CHECK(attempts == std::vector<int>{1, 2});
  bool ann = false, ben = false;
  open(db_role::reader)->read([&](repositories& r) {
    ann = r.users.find_by_name("ann").has_value();
    ben = r.users.find_by_name("ben").has_value();
  });
  CHECK(ann);
  CHECK(ben);
}

TEST_CASE("past the reconnect window a batch fails; the next one connects again") {
  own_server server;
  int attempts = 0;
  persistence::postgres::reconnect_policy policy;
  policy.give_up_after = std::chrono::milliseconds{200};
  policy.first_backoff = std::chrono::milliseconds{20};
  policy.on_retry = [&](int) { ++attempts; };
  auto writer = persistence::postgres_opener(server.url, policy)(db_role::writer);
  REQUIRE(server.run("pause"));
  CHECK_THROWS_AS(writer->write_batch(add_user("ann")), pqxx::broken_connection);
  CHECK(attempts >= 2);  // 20 ms, 40 ms, 80 ms … until 200 ms were spent
  REQUIRE(server.run("resume"));
  CHECK_FALSE(writer->write_batch(add_user("ben"))[0]);
}

}
