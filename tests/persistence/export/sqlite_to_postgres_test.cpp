// The move from SQLite to PostgreSQL: a lived-in SQLite database is copied with its ids, seqs,
// tokens and read markers intact, and the copy carries on where the original stopped; a target
// with data, a missing file, or a file of another schema version is refused with nothing copied.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "persistence/export/sqlite_to_postgres.hpp"
#include "persistence/postgres/pg_repositories.hpp"
#include "persistence/sqlite/database.hpp"
#include "persistence/sqlite/sqlite_repositories.hpp"
#include "tests/support/test_db.hpp"

using namespace chat;
using persistence::db_role;

namespace {

/// A SQLite database with some history: accounts, tokens, a direct room and a group, replies,
/// clientMsgIds, awkward bodies, read markers, a member who left.
struct lived_in_sqlite {
  test::temp_dir dir;
  std::string path = dir.file("chat.db");
  std::unique_ptr<persistence::sqlite_repositories> db =
    persistence::sqlite_repositories::open(path, db_role::writer);
  persistence::repositories& r = db->get();
  user_info alice = r.users.create("alice", "$argon2id$alice");
  user_info bob = r.users.get_or_create("bob");
  user_info carol = r.users.create("carol", "$argon2id$carol");
  room_info direct, group;

  lived_in_sqlite() {
    r.tokens.insert("alice-token-hash", alice.id);
    r.tokens.insert("bob-token-hash", bob.id);
    bool created = false;
    direct = r.rooms.get_or_create_direct(alice.id, bob.id, created);
    group = r.rooms.create_group("team\ttabs", alice.id, std::vector<chat::id_t>{bob.id, carol.id});
    auto hi = r.messages.append({direct.id, alice.id, "hi bob", 0, "a-1"}, "2026-01-01T00:00:01.000Z");
    r.messages.append({direct.id, bob.id, "line one\nline two\\ \"quoted\" \t ünïcødé 🎉", hi.message.id,
                       "b-1"}, "2026-01-01T00:00:02.000Z");
    for (int i = 0; i < 5; ++i)
      r.messages.append({group.id, carol.id, "g" + std::to_string(i), 0, ""},
                        "2026-01-01T00:00:1" + std::to_string(i) + ".000Z");
    r.read_markers.mark(direct.id, bob.id, 1);
    r.read_markers.mark(group.id, alice.id, 3);
    r.rooms.remove_member(group.id, bob.id);
  }
};

}  // namespace

TEST_SUITE("pg_export") {

TEST_CASE_FIXTURE(lived_in_sqlite, "everything arrives with its ids, and the copy carries on") {
  test::postgres_database target;
  auto n = persistence::export_sqlite_to_postgres(path, target.url());
  CHECK(n.users == 3);
  CHECK(n.tokens == 2);
  CHECK(n.rooms == 2);
  CHECK(n.room_members == 4);
  CHECK(n.messages == 7);
  CHECK(n.read_markers == 2);

  auto pg = persistence::postgres::pg_repositories::open(target.url(), db_role::writer);
  auto& p = pg->get();
  for (const auto& who : {alice, bob, carol}) {
    auto was = r.users.find_by_name(who.username), is = p.users.find_by_name(who.username);
    REQUIRE(is);
    CHECK(is->user.id == was->user.id);
    CHECK(is->password_hash == was->password_hash);
  }
  CHECK(p.tokens.user_of("alice-token-hash", "") == alice.id);
  CHECK(p.tokens.user_of("bob-token-hash", "") == bob.id);
  for (auto room : {direct.id, group.id}) {
    auto was = r.rooms.find(room), is = p.rooms.find(room);
    REQUIRE(is);
    CHECK(is->kind == was->kind);
    CHECK(is->name == was->name);
    CHECK(is->last_seq == was->last_seq);
    CHECK(is->created_at == was->created_at);
    CHECK(is->members.size() == was->members.size());
    auto was_messages = r.messages.after(room, 0, 0), is_messages = p.messages.after(room, 0, 0);
    REQUIRE(is_messages.size() == was_messages.size());
    for (std::size_t i = 0; i < was_messages.size(); ++i) {
      CHECK(is_messages[i].id == was_messages[i].id);
      CHECK(is_messages[i].seq == was_messages[i].seq);
      CHECK(is_messages[i].sender_id == was_messages[i].sender_id);
      CHECK(is_messages[i].body == was_messages[i].body);
      CHECK(is_messages[i].parent_id == was_messages[i].parent_id);
      CHECK(is_messages[i].client_msg_id == was_messages[i].client_msg_id);
      CHECK(is_messages[i].created_at == was_messages[i].created_at);
    }
  }
  CHECK(p.read_markers.get(direct.id, bob.id) == 1);
  CHECK(p.read_markers.get(group.id, alice.id) == 3);
  auto was_list = r.rooms.list_for(alice.id, "", 10), is_list = p.rooms.list_for(alice.id, "", 10);
  REQUIRE(is_list.rooms.size() == was_list.rooms.size());
  for (std::size_t i = 0; i < was_list.rooms.size(); ++i) {
    CHECK(is_list.rooms[i].room.id == was_list.rooms[i].room.id);
    CHECK(is_list.rooms[i].unread == was_list.rooms[i].unread);
  }

  // Carrying on: new ids after the copied ones, seqs after the copied seqs, old keys deduped.
  CHECK(p.users.create("dave", "").id > carol.id);
  auto next = p.messages.append({direct.id, alice.id, "back on postgres", 0, "a-2"}, "t");
  CHECK(next.message.seq == 3);
  CHECK(next.message.id > 7);
  auto again = p.messages.append({direct.id, alice.id, "hi bob (resent)", 0, "a-1"}, "t");
  CHECK(again.duplicate);
  CHECK(again.message.body == "hi bob");
  bool created = true;
  CHECK(p.rooms.get_or_create_direct(bob.id, alice.id, created).id == direct.id);
  CHECK_FALSE(created);
}

TEST_CASE_FIXTURE(lived_in_sqlite, "a target that already holds chat data is refused, untouched") {
  test::postgres_database target;
  persistence::export_sqlite_to_postgres(path, target.url());
  r.users.create("erin", "");
  CHECK_THROWS_WITH(persistence::export_sqlite_to_postgres(path, target.url()),
                    doctest::Contains("already holds chat data"));
  auto pg = persistence::postgres::pg_repositories::open(target.url(), db_role::reader);
  CHECK_FALSE(pg->get().users.find_by_name("erin"));
}

TEST_CASE("a missing file or one of another schema version is refused, and left as it was") {
  test::postgres_database target;
  test::temp_dir dir;
  auto missing = dir.file("nope.db");
  CHECK_THROWS_WITH(persistence::export_sqlite_to_postgres(missing, target.url()),
                    doctest::Contains("no SQLite database at"));
  CHECK_FALSE(std::filesystem::exists(missing));
  auto empty = dir.file("empty.db");
  persistence::open_database(empty, db_role::writer);  // a file, never migrated
  CHECK_THROWS_WITH(persistence::export_sqlite_to_postgres(empty, target.url()),
                    doctest::Contains("schema version 0"));
}

}
