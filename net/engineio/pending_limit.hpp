// The --max-pending-per-ip bound: Engine.IO sessions from one client address that the layer
// above has not admitted yet (Socket.IO: no namespace CONNECT accepted). Each such session
// costs timers, a strand and a read before anyone knows who it is; one address may hold only
// so many. A session holds a ticket until it is admitted or closes.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>

#include <boost/asio/ip/address.hpp>

namespace chat::engineio {

class pending_limit {
 public:
  /// Dropped (from any thread) when its session is admitted or closes.
  using ticket = std::shared_ptr<const void>;

  /// At most `max_per_address` tickets out per address (IPv6: per /64 network, what one
  /// client usually has; IPv4-mapped IPv6 counts as its IPv4 address).
  explicit pending_limit(std::size_t max_per_address);

  /// A ticket for one more pending session from `peer`, or null when it has the maximum.
  /// Thread-safe.
  ticket try_acquire(const boost::asio::ip::address& peer);

  /// Tickets out for `peer`'s address (or network) right now.
  std::size_t pending(const boost::asio::ip::address& peer) const;

 private:
  struct state {
    std::size_t max = 0;
    mutable std::mutex mutex;
    std::map<boost::asio::ip::address, std::size_t> counts;  // no entry at zero
  };
  std::shared_ptr<state> state_;  // shared with the tickets: they may outlive the limit
};

}  // namespace chat::engineio
