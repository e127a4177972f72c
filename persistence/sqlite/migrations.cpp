// The migrations themselves. Never edit a released step: add a new one at the end.
#include "persistence/sqlite/migrations.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "common/log.hpp"

namespace chat::persistence {

namespace {

struct migration {
  const char* what;
  const char* sql;
};

constexpr std::array<migration, 4> migrations{{
  {"users and their bearer tokens", R"sql(
    CREATE TABLE users (
      id            INTEGER PRIMARY KEY,
      username      TEXT NOT NULL UNIQUE,
      password_hash TEXT,                       -- NULL: pseudo-auth user, no password login
      created_at    TEXT NOT NULL
    );
    CREATE TABLE tokens (
      token_hash TEXT PRIMARY KEY,              -- hex BLAKE2b-256 of the token, never the token
      user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX tokens_by_user ON tokens(user_id);
  )sql"},
  {"rooms and their members", R"sql(
    CREATE TABLE rooms (
      id            INTEGER PRIMARY KEY,
      kind          TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
      name          TEXT,                       -- NULL for direct rooms
      last_seq      INTEGER NOT NULL DEFAULT 0,
      direct_key    TEXT UNIQUE,                -- "minId:maxId" for direct rooms, else NULL
      created_at    TEXT NOT NULL,
      last_activity TEXT NOT NULL
    );
    CREATE TABLE room_members (
      room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (room_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX room_members_by_user ON room_members(user_id, room_id);
  )sql"},
  {"messages with per-room sequence numbers and sender dedupe keys", R"sql(
    CREATE TABLE messages (
      id            INTEGER PRIMARY KEY,
      room_id       INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      seq           INTEGER NOT NULL,
      sender_id     INTEGER NOT NULL REFERENCES users(id),
      body          TEXT NOT NULL,
      parent_id     INTEGER REFERENCES messages(id),
      client_msg_id TEXT,
      created_at    TEXT NOT NULL,
      UNIQUE (room_id, seq)
    );
    CREATE UNIQUE INDEX messages_dedupe ON messages(sender_id, client_msg_id)
      WHERE client_msg_id IS NOT NULL;
  )sql"},
  {"read markers", R"sql(
    CREATE TABLE read_markers (
      room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      seq     INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (room_id, user_id)
    ) WITHOUT ROWID;
  )sql"},
}};

}  // namespace

int latest_schema_version() noexcept {
  return static_cast<int>(migrations.size());
}

int schema_version(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

int migrate(SQLite::Database& db, int target) {
  if (target > latest_schema_version())
    target = latest_schema_version();
  int current = schema_version(db);
  if (current > latest_schema_version())
    throw std::runtime_error("database schema version " + std::to_string(current)
                             + " is newer than this build (" +
                             std::to_string(latest_schema_version()) + ")");
  int applied = 0;
  for (int next = current + 1; next <= target; ++next) {
    const auto& step = migrations[static_cast<std::size_t>(next - 1)];
    // IMMEDIATE: take the write lock up front, so two starting writers cannot both apply it.
    SQLite::Transaction tx{db, SQLite::TransactionBehavior::IMMEDIATE};
    if (schema_version(db) >= next)
      continue;  // someone else got here first
    db.exec(step.sql);
    db.exec("PRAGMA user_version = " + std::to_string(next));
    tx.commit();
    ++applied;
    log::info("database migrated to version " + std::to_string(next) + ": " + step.what);
  }
  return applied;
}

}  // namespace chat::persistence
