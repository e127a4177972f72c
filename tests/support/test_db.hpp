// Test fixtures for the persistence tests, on the backend under test: SQLite unless
// CHATD_TEST_BACKEND=postgres (ctest sets it, with the throwaway server of the fixture
// "postgres", for the *.postgres variants of the suites). A fresh migrated database with its
// repositories, a fresh empty database to open a store and readers on, a throw-away directory.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "persistence/repositories.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat::test {

enum class backend { sqlite, postgres };

/// The backend this test process runs on.
backend backend_under_test();

/// The URL of database `name` on the test server (CHATD_TEST_PG_HOST: its socket directory);
/// throws when no test server was given.
std::string postgres_url(const std::string& name);

/// A directory removed (with the database, -wal and -shm files) when the test ends.
class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path()
            / ("chatd-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// A new PostgreSQL database on the test server, dropped (with any connection still open to it)
/// when this dies.
class postgres_database {
 public:
  postgres_database();
  ~postgres_database();
  postgres_database(const postgres_database&) = delete;
  postgres_database& operator=(const postgres_database&) = delete;

  const std::string& url() const noexcept { return url_; }
  const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
  std::string url_;
};

/// A fresh, empty database of the backend under test (a file in a temp dir, or a new
/// PostgreSQL database), removed when the test ends.
class scratch_database {
 public:
  scratch_database();
  ~scratch_database();
  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;

  /// Opens connections to it; the writer migrates, so open it first.
  persistence::unit_of_work_opener opener() const;
  /// A file path or a postgresql:// URL.
  const std::string& location() const noexcept { return location_; }
  /// Runs `sql` on its own connection, committed: for a test to arrange what no repository
  /// call can (a token issued long ago, say).
  void execute(const std::string& sql) const;

 private:
  std::unique_ptr<temp_dir> dir_;
  std::unique_ptr<postgres_database> pg_;
  std::string location_;
};

/// Repositories over one connection to a fresh migrated database; every call commits on its
/// own (autocommit), as the repository tests expect.
class test_repositories {
 public:
  virtual ~test_repositories() = default;
  virtual persistence::repositories& get() = 0;
};

/// SQLite: a private `:memory:` database; PostgreSQL: a new database on the test server.
std::unique_ptr<test_repositories> fresh_db();

}  // namespace chat::test
