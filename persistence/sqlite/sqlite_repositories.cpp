// Wiring of the SQLite bundle.
#include "persistence/sqlite/sqlite_repositories.hpp"

#include <memory>

#include "persistence/sqlite/migrations.hpp"

namespace chat::persistence {

sqlite_repositories::sqlite_repositories(SQLite::Database db)
  : db_(std::move(db)),
    users_(db_),
    tokens_(db_),
    rooms_(db_),
    messages_(db_),
    read_markers_(db_),
    repos_{users_, tokens_, rooms_, messages_, read_markers_} {}

std::unique_ptr<sqlite_repositories> sqlite_repositories::open(const std::string& path,
                                                               db_role role, durability level) {
  auto db = open_database(path, role, level);
  if (role == db_role::writer)
    migrate(db);
  return std::make_unique<sqlite_repositories>(std::move(db));
}

}  // namespace chat::persistence
