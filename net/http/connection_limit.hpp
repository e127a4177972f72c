// The --max-connections bound: one slot per open TCP connection, plain HTTP or upgraded to a
// WebSocket. Whoever owns the socket holds its slot; the slot frees its place when dropped.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace chat::http {

/// Held as long as its connection is open (any thread may drop it).
using connection_slot = std::shared_ptr<const void>;

class connection_limit {
 public:
  /// At most `max` slots out at once.
  explicit connection_limit(std::size_t max);

  /// A slot, or null (counted as refused) when `max` connections are open. Thread-safe.
  connection_slot try_acquire();

  std::size_t open() const noexcept { return state_->open.load(); }
  std::size_t max() const noexcept { return state_->max; }
  /// Connections refused so far.
  std::uint64_t refused() const noexcept { return state_->refused.load(); }

 private:
  struct state {
    std::size_t max = 0;
    std::atomic<std::size_t> open{0};
    std::atomic<std::uint64_t> refused{0};
  };
  std::shared_ptr<state> state_;  // shared with the slots: they may outlive the limit
};

}  // namespace chat::http
