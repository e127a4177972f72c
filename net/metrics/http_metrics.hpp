// The HTTP server's metrics: http_requests_total{route,status} and http_open_connections.
// Routes are reduced to a fixed set of templates so label cardinality stays bounded.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "net/metrics/registry.hpp"

namespace chat::metrics {

class http_metrics {
 public:
  /// The route label values, in the order route_of() returns their index.
  static constexpr std::array<std::string_view, 12> routes = {
    "/api/auth/register", "/api/auth/login", "/api/auth/logout", "/api/users", "/api/me",
    "/api/rooms", "/api/rooms/:id/messages", "/api/other", "/socket.io", "/healthz",
    "/metrics", "static",
  };
  /// The status label values; any other status is counted as "other".
  static constexpr std::array<std::string_view, 17> statuses = {
    "101", "200", "201", "204", "206", "304", "400", "401", "403", "404", "405", "409",
    "413", "429", "500", "503", "other",
  };

  /// Registers both families in `reg` and pre-creates every route x status series.
  explicit http_metrics(registry& reg);

  /// Counts one answered request (lock-free). `target` is the request target (query allowed).
  void record(std::string_view target, unsigned status) noexcept;

  /// Kept current by whoever owns the listener (or sampled in a registry collector).
  gauge& open_connections() noexcept { return open_connections_; }

  /// Index into `routes` for a request target.
  static std::size_t route_of(std::string_view target) noexcept;
  /// Index into `statuses` for a status code.
  static std::size_t status_of(unsigned status) noexcept;

 private:
  std::array<std::array<counter*, statuses.size()>, routes.size()> requests_{};
  gauge& open_connections_;
};

}  // namespace chat::metrics
