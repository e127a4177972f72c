// The output queue: first in, first out; no memory held while empty; a queue that never empties
// (a steady stream behind a slow write) stays bounded; an abort keeps only the packet in flight.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "net/engineio/packet_queue.hpp"

using chat::engineio::out_packet;
using chat::engineio::packet_queue;
using chat::engineio::packet_type;

namespace {

out_packet text(const std::string& s) {
  return out_packet{packet_type::message, std::make_shared<const std::string>(s), nullptr};
}

}  // namespace

TEST_CASE("packets leave in the order they came, and iteration sees the waiting ones") {
  packet_queue q;
  CHECK(q.empty());
  q.push_back(text("a"));
  q.push_back(text("b"));
  q.push_back(text("c"));
  CHECK(*q.front().text == "a");
  q.pop_front();
  std::vector<std::string> waiting;
  for (const auto& p : q)
    waiting.push_back(*p.text);
  CHECK(waiting == std::vector<std::string>{"b", "c"});
  CHECK(q.size() == 2);
  q.pop_front();
  q.pop_front();
  CHECK(q.empty());
}

TEST_CASE("a queue that never empties stays bounded and keeps its order") {
  packet_queue q;
  q.push_back(text("0"));
  for (int i = 1; i < 10000; ++i) {
    q.push_back(text(std::to_string(i)));
    REQUIRE(*q.front().text == std::to_string(i - 1));
    q.pop_front();
    REQUIRE(q.size() == 1);
  }
  CHECK(*q.front().text == "9999");
}

TEST_CASE("an emptied queue lets go of the packets it held") {
  packet_queue q;
  auto payload = std::make_shared<const std::string>("big");
  for (int i = 0; i < 100; ++i)
    q.push_back(out_packet{packet_type::message, payload, nullptr});
  CHECK(payload.use_count() == 101);
  while (!q.empty())
    q.pop_front();
  CHECK(payload.use_count() == 1);
}

TEST_CASE("keep_front drops everything but the packet a write still reads") {
  packet_queue q;
  q.push_back(text("in flight"));
  q.push_back(text("x"));
  q.push_back(text("y"));
  q.keep_front();
  CHECK(q.size() == 1);
  CHECK(*q.front().text == "in flight");
  q.clear();
  CHECK(q.empty());
  q.keep_front();  // harmless on an empty queue
  CHECK(q.empty());
}
