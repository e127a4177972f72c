// The edge's bound on socket events in flight: a place is held until the ack (every copy of
// it) is gone; past the socket's share the ack says rate_limited, past the total overloaded.
#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "actors/chat/event_admission.hpp"

using namespace chat;
using json = socketio::json;

namespace {

/// An ack that writes down what it was answered.
struct recorded_ack {
  std::shared_ptr<std::vector<json>> answers = std::make_shared<std::vector<json>>();
  socketio::ack_fn fn() const {
    return [answers = answers](json args) { answers->push_back(std::move(args)); };
  }
  std::string code() const {
    REQUIRE(answers->size() == 1);
    return answers->front()[0]["error"]["code"].get<std::string>();
  }
};

event_admission::socket_count new_socket() {
  return std::make_shared<std::atomic<std::size_t>>(0);
}

}  // namespace

TEST_SUITE("event_admission") {

TEST_CASE("alice floods: her socket's share is refused rate_limited while bob still gets in; "
          "once the total is taken everyone is refused overloaded, until acks are done") {
  auto gate = std::make_shared<event_admission>(event_admission::limits{.total = 3, .per_socket = 2});
  auto alice = new_socket();
  auto bob = new_socket();
  std::vector<socketio::ack_fn> held;

  recorded_ack a1, a2;
  held.push_back(*gate->admit(alice, a1.fn()));
  held.push_back(*gate->admit(alice, a2.fn()));
  recorded_ack a3;
  CHECK_FALSE(gate->admit(alice, a3.fn()).has_value());
  CHECK(a3.code() == "rate_limited");
  CHECK(gate->refused_per_socket() == 1);

  recorded_ack b1;
  held.push_back(*gate->admit(bob, b1.fn()));  // the third and last place
  CHECK(gate->in_flight() == 3);
  recorded_ack b2;
  CHECK_FALSE(gate->admit(bob, b2.fn()).has_value());
  CHECK(b2.code() == "overloaded");
  CHECK(gate->refused_overloaded() == 1);
  CHECK(*bob == 1);  // the refused event did not keep a place of bob's

  // Answering passes the reply through; the place is freed when the ack is gone.
  held[0](json::array({json{{"ok", true}}}));
  CHECK(a1.answers->size() == 1);
  CHECK(gate->in_flight() == 3);
  auto copy = held[0];
  held.erase(held.begin());
  CHECK(gate->in_flight() == 3);  // a copy still travels (a continuation holding it)
  copy = nullptr;
  CHECK(gate->in_flight() == 2);
  CHECK(*alice == 1);

  recorded_ack b3;
  auto admitted = gate->admit(bob, b3.fn());
  CHECK(admitted.has_value());
  held.clear();
  admitted.reset();
  CHECK(gate->in_flight() == 0);
  CHECK(*alice == 0);
  CHECK(*bob == 0);
}

TEST_CASE("an event sent without an ack id holds a place too, and its ack sends nothing") {
  auto gate = std::make_shared<event_admission>(event_admission::limits{.total = 1, .per_socket = 1});
  auto s = new_socket();
  auto ack = gate->admit(s, nullptr);
  REQUIRE(ack.has_value());
  (*ack)(json::array({json{{"ok", true}}}));  // nobody to tell: nothing happens
  CHECK(gate->in_flight() == 1);
  CHECK_FALSE(gate->admit(s, nullptr).has_value());  // refused, and no ack to answer
  ack.reset();
  CHECK(gate->in_flight() == 0);
}

/// How many of `n` events (no ack id) `gate` refuses; the admitted ones are let go at once.
int refused_of(event_admission& gate, const event_admission::socket_count& s, int n) {
  int refused = 0;
  for (int i = 0; i < n; ++i)
    refused += gate.admit(s, nullptr).has_value() ? 0 : 1;
  return refused;
}

TEST_CASE("I/O threads running late shed a share of the events: it grows while they are late, "
          "faster the later, and shrinks once they are under half the bound") {
  using std::chrono::milliseconds;
  auto gate = std::make_shared<event_admission>(
    event_admission::limits{.total = 100, .per_socket = 10, .max_io_lag = milliseconds{100}});
  auto s = new_socket();
  gate->io_lag(milliseconds{99});
  CHECK(gate->shed_share() == 0.0);
  CHECK(refused_of(*gate, s, 100) == 0);

  gate->io_lag(milliseconds{100});  // at the bound: a tenth more per tick
  CHECK(gate->shed_share() == doctest::Approx(0.1));
  CHECK(refused_of(*gate, s, 100) == doctest::Approx(10).epsilon(0.1));
  recorded_ack late;
  for (int i = 0; i < 20 && !late.answers->size(); ++i) {
    auto admitted = gate->admit(s, late.fn());
    if (admitted) (*admitted)(json::array({json{{"ok", true}}}));
  }
  CHECK(late.answers->size() == 1);  // refused ones are answered `overloaded`, others pass

  gate->io_lag(milliseconds{300});  // three times the bound: three tenths at once
  CHECK(gate->shed_share() == doctest::Approx(0.4));
  CHECK(refused_of(*gate, s, 1000) == doctest::Approx(400).epsilon(0.01));
  gate->io_lag(milliseconds{80});  // better, not caught up: the share stays
  CHECK(gate->shed_share() == doctest::Approx(0.4));
  for (int tick = 0; tick < 8; ++tick)
    gate->io_lag(milliseconds{1000});
  CHECK(gate->shed_share() == 1.0);  // capped: everything is refused
  CHECK(refused_of(*gate, s, 50) == 50);

  for (int tick = 0; tick < 19; ++tick)
    gate->io_lag(milliseconds{40});  // under half: a twentieth less per tick
  CHECK(gate->shed_share() == doctest::Approx(0.05));
  gate->io_lag(milliseconds{40});
  CHECK(gate->shed_share() == 0.0);
  CHECK(refused_of(*gate, s, 100) == 0);
  CHECK(*s == 0);  // nothing refused kept a place
  CHECK(gate->in_flight() == 0);
}

TEST_CASE("zero means no bound") {
  auto gate = std::make_shared<event_admission>(
    event_admission::limits{.total = 0, .per_socket = 0, .max_io_lag = std::chrono::milliseconds{0}});
  auto s = new_socket();
  gate->io_lag(std::chrono::seconds{10});
  std::vector<socketio::ack_fn> held;
  for (int i = 0; i < 1000; ++i)
    held.push_back(*gate->admit(s, nullptr));
  CHECK(gate->in_flight() == 1000);
}

}
