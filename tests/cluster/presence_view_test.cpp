// Presence across nodes as one node sees it: online while any other live node has the user;
// changes and snapshots of a node may arrive in any order and the newest wins; a dead node's
// users go offline, and its late messages change nothing until it says hello again.
#include <doctest/doctest.h>

#include "cluster/node_messages.hpp"
#include "cluster/presence_view.hpp"

using namespace chat::cluster;
using change = presence_view::change;
using changes = std::vector<change>;

TEST_SUITE("presence_view") {
  TEST_CASE("alice online on two nodes: offline elsewhere only when both let go") {
    presence_view v;
    CHECK(v.apply("A", 1, 7, true) == changes{{7, true}});
    CHECK(v.apply("B", 1, 7, true) == changes{});
    CHECK(v.apply("A", 2, 7, false) == changes{});
    CHECK(v.online_elsewhere(7));
    CHECK(v.apply("B", 2, 7, false) == changes{{7, false}});
    CHECK_FALSE(v.online_elsewhere(7));
  }

  TEST_CASE("an older change of a node never undoes a newer one") {
    presence_view v;
    CHECK(v.apply("A", 5, 7, false) == changes{});
    CHECK(v.apply("A", 4, 7, true) == changes{});
    CHECK_FALSE(v.online_elsewhere(7));
  }

  TEST_CASE("a snapshot replaces older state, and changes older than it are ignored") {
    presence_view v;
    v.apply("A", 1, 1, true);
    v.apply("A", 2, 2, true);
    // At version 3 node A has users 2 and 3 (1 left at 3).
    CHECK(v.snapshot("A", 3, {2, 3}) == changes{{1, false}, {3, true}});
    CHECK(v.apply("A", 3, 1, false) == changes{});  // the change the snapshot already holds
    CHECK(v.apply("A", 2, 1, true) == changes{});   // late and old
    CHECK_FALSE(v.online_elsewhere(1));
  }

  TEST_CASE("a change newer than a snapshot that arrives before it survives the snapshot") {
    presence_view v;
    CHECK(v.apply("A", 9, 4, true) == changes{{4, true}});
    CHECK(v.snapshot("A", 8, {}) == changes{});
    CHECK(v.online_elsewhere(4));
    CHECK(v.apply("A", 10, 5, true) == changes{{5, true}});
    CHECK(v.snapshot("A", 7, {6}) == changes{});  // older than what we have: ignored
    CHECK_FALSE(v.online_elsewhere(6));
  }

  TEST_CASE("a dead node's users go offline unless another node has them; late news is ignored") {
    presence_view v;
    v.apply("A", 1, 1, true);
    v.apply("A", 2, 2, true);
    v.apply("B", 1, 2, true);
    CHECK(v.drop("A") == changes{{1, false}});
    CHECK(v.online_elsewhere(2));
    CHECK(v.is_dead("A"));
    CHECK(v.apply("A", 3, 3, true) == changes{});
    CHECK_FALSE(v.knows("A"));
    // A comes back (hello, then its state is read).
    CHECK(v.snapshot("A", 4, {1, 3}) == changes{{1, true}, {3, true}});
    CHECK_FALSE(v.is_dead("A"));
    CHECK(v.nodes() == std::vector<std::string>{"A", "B"});
  }
}

TEST_SUITE("node_messages") {
  TEST_CASE("presence changes, hellos and membership changes read back as written") {
    auto p = std::get<presence_change>(decode_presence(encode(presence_change{"n1", 42, 7, true})));
    CHECK(p.uid == "n1");
    CHECK(p.version == 42);
    CHECK(p.user == 7);
    CHECK(p.online);
    auto h = std::get<node_hello>(decode_presence(encode(node_hello{"n2", 3})));
    CHECK(h.uid == "n2");
    CHECK(h.version == 3);
    chat::room_info room{5, "group", "général", {{1, "alice"}, {2, "bob"}}, 12, "2024-05-01T10:00:00.000Z"};
    auto m = decode_members(encode(members_change{"n3", room, {2}, {9}}));
    CHECK(m.uid == "n3");
    CHECK(m.room.id == 5);
    CHECK(m.room.name == "général");
    CHECK(m.room.members.size() == 2);
    CHECK(m.room.members[1].username == "bob");
    CHECK(m.room.last_seq == 12);
    CHECK(m.room.created_at == "2024-05-01T10:00:00.000Z");
    CHECK(m.added == std::vector<chat::id_t>{2});
    CHECK(m.removed == std::vector<chat::id_t>{9});
    CHECK(node_key("n1", "alive") == "chatd:node:n1:alive");
    auto t = decode_token(encode(token_revoked{"n4", "abc"}));
    CHECK(t.uid == "n4");
    CHECK(t.token_hash == "abc");
  }

  TEST_CASE("malformed node messages are refused") {
    CHECK_THROWS_AS(decode_presence("\x93\xa1u\x01\x02"), codec_error);      // 3 elements
    CHECK_THROWS_AS(decode_presence("\x94\xa1u\x01\x02\x03"), codec_error);  // online not a bool
    CHECK_THROWS_AS(decode_members("\x94\xa1u\x90\x90\x90"), codec_error);   // room not [6]
  }
}
