// Throttling of sign-in attempts: a token bucket per key (a username, a client address), so
// one client guessing passwords, or flooding registrations, is refused with 429 and a
// Retry-After before any password hashing is queued. Shared by the REST workers (a mutex:
// auth routes only, never the message path).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/ip/address.hpp>

namespace chat::rest {

class auth_throttle {
 public:
  using clock = std::chrono::steady_clock;

  struct limits {
    double per_minute = 10;        ///< sustained attempts per key (0: no throttling)
    double burst = 10;             ///< attempts a key may make at once
    std::size_t max_keys = 100000; ///< keys remembered; past it, idle (full) buckets go first
  };

  explicit auth_throttle(limits l) : limits_(l) {}

  /// Takes one attempt for `key`: nullopt when allowed, otherwise how long until the next
  /// attempt would be (at least one second).
  std::optional<std::chrono::seconds> take(std::string_view key, clock::time_point now);

  /// Keys remembered now (for tests and metrics).
  std::size_t size() const;

 private:
  struct bucket {
    double tokens;
    clock::time_point refilled;
  };

  /// Drops every bucket that has refilled completely (it remembers nothing a fresh one would
  /// not). Called with the mutex held when the map is full.
  void forget_idle(clock::time_point now);
  double refilled_tokens(const bucket& b, clock::time_point now) const;

  limits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

/// The key a client address is throttled by: an IPv4 address (also when mapped into IPv6)
/// as itself, an IPv6 address by its /64 prefix — one host usually holds a whole /64, so
/// counting single addresses would let it rotate through 2^64 of them.
std::string address_key(const boost::asio::ip::address& peer);

/// The address key a sign-in is throttled by, or nullopt for none. A loopback peer is a proxy
/// on this host (HAProxy in front of the cluster) or a local tool: it is keyed by the last
/// address of its `X-Forwarded-For` (the client the proxy saw), and not throttled per address
/// without one. No other peer's forwarding header is believed.
std::optional<std::string> client_key(const boost::asio::ip::address& peer,
                                      std::string_view forwarded_for);

}  // namespace chat::rest
