// What a step counts as lost, and how two workers' tallies add up.
#include <doctest/doctest.h>

#include "bench/load/tally.hpp"

using chat::load::tally;

TEST_CASE("a send with no answer and a delivery owed but missing are both lost") {
  tally t;
  t.sent = 10;
  t.acked = 7;
  t.refused = 1;     // 2 never answered
  t.expected = 7;
  t.delivered = 6;   // 1 never delivered
  CHECK(t.lost() == 3);
}

TEST_CASE("refusals and duplicates are not losses") {
  tally t;
  t.sent = 5;
  t.acked = 3;
  t.refused = 2;
  t.expected = 3;
  t.delivered = 3;
  t.duplicated = 4;
  CHECK(t.lost() == 0);
}

TEST_CASE("more deliveries than owed (a message acked too late to count) is not negative loss") {
  tally t;
  t.sent = 2;
  t.acked = 2;
  t.expected = 2;
  t.delivered = 3;
  CHECK(t.lost() == 0);
}

TEST_CASE("merging adds counts, refusals by code, and histograms") {
  tally a, b;
  a.sent = 3;
  a.refusals["rate_limited"] = 1;
  a.ack_us.record(100);
  b.sent = 4;
  b.refusals["rate_limited"] = 2;
  b.refusals["forbidden"] = 1;
  b.ack_us.record(200);
  a.merge(b);
  CHECK(a.sent == 7);
  CHECK(a.refusals["rate_limited"] == 3);
  CHECK(a.refusals["forbidden"] == 1);
  CHECK(a.ack_us.count() == 2);
  CHECK(a.ack_us.max() == 200);
}
