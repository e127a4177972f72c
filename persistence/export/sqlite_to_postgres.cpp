// The copy: COPY FROM STDIN per table (libpqxx's stream_to) in foreign-key order, each value
// passed as SQLite's text of it (NULL stays NULL), so PostgreSQL parses it into its own column
// type. Afterwards the id sequences are moved past the copied ids, so new rows get new ids.
#include "persistence/export/sqlite_to_postgres.hpp"

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <pqxx/connection>
#include <pqxx/stream_to>
#include <pqxx/transaction>

#include "persistence/postgres/migrations.hpp"
#include "persistence/sqlite/migrations.hpp"

namespace chat::persistence {

namespace {

std::optional<std::string> value_of(const SQLite::Column& c) {
  if (c.isNull())
    return std::nullopt;
  return c.getString();
}

template <std::size_t... I>
auto row_of(SQLite::Statement& q, std::index_sequence<I...>) {
  return std::make_tuple(value_of(q.getColumn(static_cast<int>(I)))...);
}

/// Streams `columns` of `table` from the file into the same columns in PostgreSQL.
template <std::size_t N>
std::int64_t copy_table(SQLite::Database& from, pqxx::work& to, const std::string& table,
                        const std::array<std::string, N>& columns, const std::string& order) {
  std::string list;
  for (const auto& c : columns)
    list += (list.empty() ? "" : ", ") + c;
  SQLite::Statement rows{from, "SELECT " + list + " FROM " + table + " ORDER BY " + order};
  pqxx::stream_to out{to, table, std::vector<std::string>(columns.begin(), columns.end())};
  std::int64_t n = 0;
  while (rows.executeStep()) {
    out << row_of(rows, std::make_index_sequence<N>{});
    ++n;
  }
  out.complete();
  return n;
}

/// The next id PostgreSQL hands out comes after the largest one copied.
void advance_ids(pqxx::work& to, const std::string& table) {
  to.exec("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
          "coalesce((SELECT max(id) FROM " + table + "), 0) + 1, false)");
}

}  // namespace

export_counts export_sqlite_to_postgres(const std::string& sqlite_path, const std::string& url) {
  if (!std::filesystem::is_regular_file(sqlite_path))
    throw std::runtime_error("no SQLite database at " + sqlite_path);
  SQLite::Database from{sqlite_path, SQLite::OPEN_READONLY};
  if (int v = schema_version(from); v != latest_schema_version())
    throw std::runtime_error(sqlite_path + " is at schema version " + std::to_string(v)
                             + ", this build at " + std::to_string(latest_schema_version())
                             + ": start chatd on it once to upgrade it first");
  SQLite::Transaction snapshot{from};  // one consistent view of every table

  pqxx::connection conn{url};
  postgres::migrate(conn);
  pqxx::work to{conn};
  // No chatd may write while we fill the tables (nor may we mix into its data).
  to.exec("LOCK TABLE users, tokens, rooms, room_members, messages, read_markers "
          "IN EXCLUSIVE MODE");
  if (to.exec1("SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM rooms)")[0]
        .as<bool>())
    throw std::runtime_error("the PostgreSQL database already holds chat data: export into an "
                             "empty one");
  export_counts n;
  using cols4 = std::array<std::string, 4>;
  n.users = copy_table(from, to, "users", cols4{"id", "username", "password_hash", "created_at"},
                       "id");
  n.tokens = copy_table(from, to, "tokens",
                        std::array<std::string, 3>{"token_hash", "user_id", "created_at"},
                        "token_hash");
  n.rooms = copy_table(from, to, "rooms",
                       std::array<std::string, 7>{"id", "kind", "name", "last_seq", "direct_key",
                                                  "created_at", "last_activity"},
                       "id");
  n.room_members = copy_table(from, to, "room_members",
                              std::array<std::string, 2>{"room_id", "user_id"}, "room_id, user_id");
  n.messages = copy_table(from, to, "messages",
                          std::array<std::string, 8>{"id", "room_id", "seq", "sender_id", "body",
                                                     "parent_id", "client_msg_id", "created_at"},
                          "id");
  n.read_markers = copy_table(from, to, "read_markers",
                              std::array<std::string, 3>{"room_id", "user_id", "seq"},
                              "room_id, user_id");
  for (auto table : {"users", "rooms", "messages"})
    advance_ids(to, table);
  to.commit();
  return n;
}

}  // namespace chat::persistence
