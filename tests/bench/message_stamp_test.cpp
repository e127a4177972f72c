// The body stamp: written by the sender, read back by a recipient; other bodies are not ours.
#include <doctest/doctest.h>

#include <string>

#include "bench/load/message_stamp.hpp"

using chat::load::message_stamp;

TEST_CASE("a stamp round-trips and pads the body to its length") {
  message_stamp stamp{3, 117, 9001, 1234567890123};
  std::string body;
  stamp.write(body, 64);
  CHECK(body.size() == 64);
  CHECK(body.rfind("k3 s117 n9001 t1234567890123 x", 0) == 0);
  auto back = message_stamp::read(body);
  REQUIRE(back);
  CHECK(back->step == 3);
  CHECK(back->sender == 117);
  CHECK(back->number == 9001);
  CHECK(back->sent_ns == 1234567890123);
}

TEST_CASE("a body shorter than the stamp is the stamp alone") {
  std::string body;
  message_stamp{1, 2, 3, 4}.write(body, 4);
  CHECK(body == "k1 s2 n3 t4 ");
  CHECK(message_stamp::read(body));
}

TEST_CASE("bodies the load generator did not write are not read as stamps") {
  CHECK_FALSE(message_stamp::read("hello bob"));
  CHECK_FALSE(message_stamp::read(""));
  CHECK_FALSE(message_stamp::read("k1 s2 n3 t4"));      // cut before the last space
  CHECK_FALSE(message_stamp::read("k1 s2 t4 n3 "));     // fields out of order
  CHECK_FALSE(message_stamp::read("k1 s-2 n3 t4 "));
  CHECK_FALSE(message_stamp::read("k s2 n3 t4 "));
}
