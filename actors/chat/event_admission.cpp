// The places of admitted events are freed by the destructor of what the ack carries along.
#include "actors/chat/event_admission.hpp"

#include <algorithm>

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

/// A refusal's ack arguments, encoded once: under overload refusals are most of what the
/// server sends, so each costs a copy of this text, not a JSON document built and dumped.
std::string encoded_refusal(chat_errc code, std::string_view message) {
  return json::array({error_ack(code, message)}).dump();
}

void refuse(const socketio::ack_fn& ack, const std::string& encoded) {
  if (ack)
    ack(socketio::ack_args::encoded(encoded));
}

}  // namespace

void event_admission::refuse_overloaded(const socketio::ack_fn& ack) {
  static const auto busy = encoded_refusal(chat_errc::overloaded, server_busy_message);
  overloaded_.fetch_add(1, std::memory_order_relaxed);
  refuse(ack, busy);
}

void event_admission::io_lag(std::chrono::microseconds lag) noexcept {
  if (limits_.max_io_lag.count() <= 0)
    return;
  // Per tick (25 ms): up by a tenth of the whole per multiple of the bound the lag reached,
  // down by a twentieth once under half of it: from nothing to everything in at most 250 ms
  // (faster when much later), back to nothing in 500 ms.
  const double bound = static_cast<double>(
    std::chrono::duration_cast<std::chrono::microseconds>(limits_.max_io_lag).count());
  const double late = static_cast<double>(lag.count()) / bound;
  double share = shed_share();
  if (late >= 1.0)
    share += 0.1 * late;
  else if (late < 0.5)
    share -= 0.05;
  share = std::clamp(share, 0.0, 1.0);
  shed_share_.store(static_cast<std::uint64_t>(share * static_cast<double>(whole_share)),
                    std::memory_order_relaxed);
}

double event_admission::shed_share() const noexcept {
  return static_cast<double>(shed_share_.load(std::memory_order_relaxed)) /
         static_cast<double>(whole_share);
}

bool event_admission::shed_this_one() noexcept {
  const auto share = shed_share_.load(std::memory_order_relaxed);
  if (share == 0)
    return false;
  if (share >= whole_share)
    return true;
  const auto part = static_cast<std::uint32_t>(share);
  const auto before = shed_sum_.fetch_add(part, std::memory_order_relaxed);
  return static_cast<std::uint32_t>(before + part) < before;  // the sum passed a whole one
}

std::optional<socketio::ack_fn> event_admission::admit(const socket_count& mine,
                                                       socketio::ack_fn ack) {
  if (shed_this_one()) {
    refuse_overloaded(ack);
    return std::nullopt;
  }
  if (mine->fetch_add(1, std::memory_order_relaxed) >= limits_.per_socket && limits_.per_socket > 0) {
    mine->fetch_sub(1, std::memory_order_relaxed);
    per_socket_.fetch_add(1, std::memory_order_relaxed);
    static const auto full =
      encoded_refusal(chat_errc::rate_limited, "too many events in flight on this socket");
    refuse(ack, full);
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
