// Test fixtures for the persistence tests: a migrated in-memory database, a throw-away
// directory for file databases (store + readers need a shared file), and a few seed helpers.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "persistence/sqlite/sqlite_repositories.hpp"

namespace chat::test {

/// A fresh, migrated `:memory:` database with the SQLite repositories over it.
inline std::unique_ptr<persistence::sqlite_repositories> memory_db() {
  return persistence::sqlite_repositories::open(":memory:", persistence::db_role::writer);
}

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

}  // namespace chat::test
