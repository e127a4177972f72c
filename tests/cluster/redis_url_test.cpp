// --redis URLs: what chatd accepts, and what it refuses at start instead of guessing.
#include <doctest/doctest.h>

#include "cluster/redis_connection.hpp"

using chat::cluster::parse_redis_url;

TEST_SUITE("redis_url") {
  TEST_CASE("host, port and db, with defaults") {
    auto a = parse_redis_url("redis://127.0.0.1:6390/2");
    REQUIRE(a);
    CHECK(a->host == "127.0.0.1");
    CHECK(a->port == 6390);
    CHECK(a->db == 2);
    auto b = parse_redis_url("redis://cache");
    REQUIRE(b);
    CHECK(b->port == 6379);
    CHECK(b->db == 0);
    auto c = parse_redis_url("redis://[::1]:7000");
    REQUIRE(c);
    CHECK(c->host == "::1");
    CHECK(c->port == 7000);
    CHECK(a->to_string() == "redis://127.0.0.1:6390/2");
  }

  TEST_CASE("anything else is refused") {
    for (const char* bad : {"", "127.0.0.1:6379", "http://x", "redis://", "redis://host:",
                            "redis://host:0", "redis://host:70000", "redis://host:12x",
                            "redis://host/x", "redis://user:pw@host", "redis://[::1"})
      CHECK_MESSAGE(!parse_redis_url(bad), bad);
  }
}
