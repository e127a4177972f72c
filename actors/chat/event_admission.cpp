// The places of admitted events are freed by the destructor of what the ack carries along.
#include "actors/chat/event_admission.hpp"

#include "actors/chat/socket_bridge.hpp"
#include "messages/wire_json.hpp"

namespace chat {

namespace {

/// One admitted event's place, in the total and in its socket's count.
struct place {
  place(std::shared_ptr<const event_admission> g, std::atomic<std::size_t>& t,
        event_admission::socket_count s)
    : gate(std::move(g)), total(t), socket(std::move(s)) {}
  place(const place&) = delete;
  place& operator=(const place&) = delete;
  std::shared_ptr<const event_admission> gate;  // keeps `total` alive
  std::atomic<std::size_t>& total;
  event_admission::socket_count socket;
  ~place() {
    total.fetch_sub(1, std::memory_order_relaxed);
    socket->fetch_sub(1, std::memory_order_relaxed);
  }
};

}  // namespace

void event_admission::refuse_overloaded(const socketio::ack_fn& ack) {
  overloaded_.fetch_add(1, std::memory_order_relaxed);
  answer(ack, error_ack(chat_errc::overloaded, "the server is busy: retry shortly"));
}

void event_admission::io_lag(std::chrono::microseconds lag) noexcept {
  if (limits_.max_io_lag.count() <= 0)
    return;
  if (lag >= limits_.max_io_lag)
    shedding_.store(true, std::memory_order_relaxed);
  else if (lag < limits_.max_io_lag / 2)
    shedding_.store(false, std::memory_order_relaxed);
}

std::optional<socketio::ack_fn> event_admission::admit(const socket_count& mine,
                                                       socketio::ack_fn ack) {
  if (shedding()) {
    refuse_overloaded(ack);
    return std::nullopt;
  }
  if (mine->fetch_add(1, std::memory_order_relaxed) >= limits_.per_socket && limits_.per_socket > 0) {
    mine->fetch_sub(1, std::memory_order_relaxed);
    per_socket_.fetch_add(1, std::memory_order_relaxed);
    answer(ack, error_ack(chat_errc::rate_limited, "too many events in flight on this socket"));
    return std::nullopt;
  }
  if (in_flight_.fetch_add(1, std::memory_order_relaxed) >= limits_.total && limits_.total > 0) {
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    mine->fetch_sub(1, std::memory_order_relaxed);
    refuse_overloaded(ack);
    return std::nullopt;
  }
  auto held = std::make_shared<place>(shared_from_this(), in_flight_, mine);
  // Not answering is still possible: an event sent without an ack id gets a callable that
  // sends nothing.
  return socketio::ack_fn{[held = std::move(held), ack = std::move(ack)](socketio::ack_args args) {
    if (ack)
      ack(std::move(args));
  }};
}

}  // namespace chat
