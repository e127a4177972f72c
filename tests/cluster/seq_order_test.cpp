// A room's message:new on one node of a cluster: from the local store and from Redis, in any
// order and sometimes twice; delivered in seq order, once, and a gap holds what follows it.
#include <doctest/doctest.h>

#include <string>

#include "actors/chat/seq_order.hpp"

using chat::seq_order;
using seqs = std::vector<std::string>;

TEST_SUITE("seq_order") {
  TEST_CASE("in order: delivered at once") {
    seq_order<std::string> o;
    o.start_at(10);
    CHECK(o.offer(11, "11") == seqs{"11"});
    CHECK(o.offer(12, "12") == seqs{"12"});
    CHECK_FALSE(o.waiting());
    CHECK(o.watermark() == 12);
  }

  TEST_CASE("13 before 12 waits for 12, then both go in order") {
    seq_order<std::string> o;
    o.start_at(11);
    CHECK(o.offer(13, "13") == seqs{});
    CHECK(o.waiting());
    CHECK(o.offer(14, "14") == seqs{});
    CHECK(o.offer(12, "12") == seqs{"12", "13", "14"});
    CHECK_FALSE(o.waiting());
  }

  TEST_CASE("twice (Redis and a catch-up read), or from before the room started: dropped") {
    seq_order<std::string> o;
    o.start_at(5);
    CHECK(o.offer(5, "old") == seqs{});
    CHECK(o.offer(7, "7") == seqs{});
    CHECK(o.offer(7, "7 again") == seqs{});
    CHECK(o.offer(6, "6") == seqs{"6", "7"});
    CHECK(o.offer(6, "6 again") == seqs{});
    CHECK(o.held() == 0);
  }

  TEST_CASE("a gap given up: what waits goes out in order, and the watermark moves past it") {
    seq_order<std::string> o;
    o.start_at(1);
    o.offer(4, "4");
    o.offer(3, "3");
    CHECK(o.release_all() == seqs{"3", "4"});
    CHECK(o.watermark() == 4);
    CHECK(o.offer(2, "2") == seqs{});
    CHECK(o.offer(5, "5") == seqs{"5"});
  }
}
