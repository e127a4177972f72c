// Settings of the REST API (chatd's flags fill them in main.cpp).
#pragma once

#include <chrono>
#include <cstddef>

#include "persistence/credentials.hpp"

namespace chat::rest {

struct rest_options {
  /// --auth pseudo: POST /api/users logs in by name alone (the seed's behaviour). Off: 403.
  bool pseudo_auth = false;
  /// argon2id cost of new password hashes (tests may use minimal_password_cost()).
  persistence::password_cost password_cost{};
  /// Event-based actors that run REST calls (they never block; more only spreads JSON work).
  std::size_t workers = 2;
  /// Detached actors (threads) that hash and verify passwords.
  std::size_t hashers = 2;
  /// Password jobs queued or running at once, over all hashers; more is 503 overloaded (a
  /// job is ~50-100 ms of one core: 16 on 2 hashers is under a second of waiting).
  std::size_t max_password_jobs = 16;
  /// Sign-in attempts (register, login, pseudo-login) per minute and at once, per username.
  double auth_per_minute = 10;
  double auth_burst = 10;
  /// The same per client address (an IPv6 client by its /64, what one host is usually given):
  /// looser, since many users may share one address behind NAT.
  double auth_per_minute_per_address = 60;
  double auth_burst_per_address = 30;
  /// Largest REST request body; more is 413 payload_too_large.
  std::size_t max_body_bytes = 64 * 1024;
  /// How long a call may wait for the store, a reader or a hasher before it fails with 500.
  std::chrono::milliseconds request_timeout{30000};
  /// How long to wait for the presence registry's online flags before showing users offline.
  std::chrono::milliseconds presence_timeout{2000};
};

}  // namespace chat::rest
