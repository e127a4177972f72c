// Shedding at the edge: socket events admitted into the actors and not finished yet are
// bounded in total and per socket. Past either bound an event is refused on the I/O thread, at
// once, before any actor or database work is queued, so an overloaded server keeps its memory
// and the latency of what it accepts bounded instead of queueing without end.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "net/socketio/socket.hpp"

namespace chat {

class event_admission : public std::enable_shared_from_this<event_admission> {
 public:
  struct limits {
    std::size_t total = 2048;     ///< events in flight, all sockets (0: no bound)
    std::size_t per_socket = 128; ///< events in flight of one socket (its burst fits)
    /// I/O threads this late (see io_lag) shed every event until they are back under half
    /// of it (0: never).
    std::chrono::milliseconds max_io_lag{250};
  };

  /// Events of one socket in flight: one counter per connection, made by the bridge.
  using socket_count = std::shared_ptr<std::atomic<std::size_t>>;

  explicit event_admission(limits l) : limits_(l) {}

  /// Admits one event of the socket counted by `mine`: returns the ack to hand on to the
  /// session (it holds the event's place until it and every copy of it are gone, i.e. until
  /// the event was answered or dropped), or nullopt when the event is refused — then `ack`
  /// has been answered already: `overloaded` past the total, `rate_limited` past the socket's.
  std::optional<socketio::ack_fn> admit(const socket_count& mine, socketio::ack_fn ack);

  /// The I/O threads' lateness, measured each tick (http::loop_lag). Past max_io_lag the
  /// backlog is in the sockets' buffers, before any count above sees it, so a share of the
  /// events is refused `overloaded` — cheap next to serving them: the share grows while the
  /// threads are later than max_io_lag (faster the later they are) and shrinks while they
  /// are under half of it. A share, not all or nothing: refusing every event until the
  /// threads caught up left them idle between bursts and served a fraction of what they can.
  void io_lag(std::chrono::microseconds lag) noexcept;
  /// The share of events refused for the I/O threads' lateness, 0 to 1.
  double shed_share() const noexcept;

  std::size_t in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }
  std::uint64_t refused_overloaded() const noexcept { return overloaded_.load(std::memory_order_relaxed); }
  std::uint64_t refused_per_socket() const noexcept { return per_socket_.load(std::memory_order_relaxed); }

 private:
  /// Counts and answers one event refused for the server's load.
  void refuse_overloaded(const socketio::ack_fn& ack);
  /// Whether this event is one of the shed share: the shares of successive events add up
  /// and each time the sum passes a whole one event is refused, so exactly that share is,
  /// evenly spread, without a lock or a random draw.
  bool shed_this_one() noexcept;

  static constexpr std::uint64_t whole_share = std::uint64_t{1} << 32;

  limits limits_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::uint64_t> shed_share_{0};  // of whole_share; written by io_lag only
  std::atomic<std::uint32_t> shed_sum_{0};    // wraps once per whole share: one refusal
  std::atomic<std::uint64_t> overloaded_{0};
  std::atomic<std::uint64_t> per_socket_{0};
};

}  // namespace chat
